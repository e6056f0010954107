/*
 * Putting inline rows in order: rows can be dragged by their handle (the
 * nested admin's sorting), and each ordered row gets "Move up" and "Move
 * down" buttons for the keyboard. The rows' hidden order fields follow the
 * order on screen; a screen reader hears where the row went.
 */
(function () {
    "use strict";

    function orderField(item) {
        return item.id ? item.querySelector('input[name="' + item.id + '-order"]') : null;
    }

    function siblings(item) {
        return Array.from(item.parentNode.children).filter(
            (other) => other.classList.contains("djn-inline-form") && !other.classList.contains("djn-empty-form") &&
                orderField(other) !== null
        );
    }

    function prefixOf(item) {
        return item.id.replace(/-\d+$/, "");
    }

    function renumber(item) {
        if (window.DJNesting && window.DJNesting.updatePositions) {
            window.DJNesting.updatePositions(prefixOf(item));
            return;
        }
        siblings(item).forEach((row, position) => {
            orderField(row).value = position;
        });
    }

    function describe(item, position) {
        const text = Array.from(item.querySelectorAll("input[type=text], textarea")).map((el) => el.value.trim())
            .find((value) => value);
        return text ? text.slice(0, 60) : String(position + 1);
    }

    function init(labels, status) {
        function place(item) {
            // Tabular rows: in the first cell, by the drag handle; stacked rows: in their heading.
            const row = item.querySelector(":scope > tr");
            return row ? row.cells[0] : item.querySelector(":scope > h3");
        }

        function update(item) {
            const rows = siblings(item);
            rows.forEach((row, position) => {
                const controls = row.querySelector(":scope .row-order[data-for='" + row.id + "']");
                if (!controls) {
                    return;
                }
                const name = describe(row, position);
                const [up, down] = controls.querySelectorAll("button");
                up.disabled = position === 0;
                down.disabled = position === rows.length - 1;
                up.setAttribute("aria-label", labels.dataset.up + ": " + name);
                down.setAttribute("aria-label", labels.dataset.down + ": " + name);
            });
        }

        function enhance(item) {
            const where = place(item);
            if (!where || item.querySelector(".row-order[data-for='" + item.id + "']")) {
                return;
            }
            const controls = document.createElement("span");
            controls.className = "row-order";
            controls.dataset.for = item.id;
            for (const [direction, symbol] of [["up", "↑"], ["down", "↓"]]) {
                const button = document.createElement("button");
                button.type = "button";
                button.dataset.move = direction;
                button.textContent = symbol;
                button.title = labels.dataset[direction];
                controls.appendChild(button);
            }
            where.appendChild(controls);
            item.closest(".djn-group").classList.add("ordering-enhanced");
        }

        function scan() {
            document.querySelectorAll(".djn-inline-form").forEach((item) => {
                if (!item.classList.contains("djn-empty-form") && orderField(item)) {
                    enhance(item);
                    update(item);
                }
            });
        }

        document.addEventListener("click", (event) => {
            const button = event.target.closest(".row-order button");
            if (!button || button.disabled) {
                return;
            }
            const item = document.getElementById(button.closest(".row-order").dataset.for);
            const rows = siblings(item);
            const index = rows.indexOf(item);
            const target = button.dataset.move === "up" ? rows[index - 1] : rows[index + 1];
            if (!target) {
                return;
            }
            if (button.dataset.move === "up") {
                item.parentNode.insertBefore(item, target);
            } else {
                item.parentNode.insertBefore(item, target.nextSibling);
            }
            renumber(item);
            update(item);
            const position = siblings(item).indexOf(item) + 1;
            status.textContent = labels.dataset.moved
                .replace("{position}", position)
                .replace("{count}", rows.length);
            // Keep the focus on the button pressed, or on its twin when it just became disabled.
            const again = item.querySelector(".row-order[data-for='" + item.id + "'] [data-move='" + button.dataset.move + "']");
            const other = item.querySelector(".row-order[data-for='" + item.id + "'] button:not([data-move='" + button.dataset.move + "'])");
            (again.disabled ? other : again).focus();
        });

        scan();
        let pending = false;
        new MutationObserver(() => {
            if (!pending) {
                pending = true;
                window.requestAnimationFrame(() => {
                    pending = false;
                    scan();
                });
            }
        }).observe(document.getElementById("content-main") || document.body, {childList: true, subtree: true});
    }

    document.addEventListener("DOMContentLoaded", () => {
        const labels = document.getElementById("row-order-labels");
        const status = document.getElementById("row-order-status");
        if (labels && status) {
            init(labels, status);
        }
    });
})();
