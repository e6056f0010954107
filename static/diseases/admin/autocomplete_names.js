/*
 * The admin's autocomplete boxes (select2) named by their field's label:
 * select2 names its box by the chosen value alone, so an empty box has no
 * name and a full one does not say which field it is. select2 draws its box
 * right after the select it replaces, also for rows added later.
 */
(function () {
    "use strict";

    function name(container) {
        const select = container.previousElementSibling;
        const selection = container.querySelector(".select2-selection--single");
        const rendered = container.querySelector(".select2-selection__rendered");
        if (!select || select.tagName !== "SELECT" || !select.id || !selection || !rendered) {
            return;
        }
        const label = document.querySelector('label[for="' + CSS.escape(select.id) + '"]');
        if (!label) {
            return;
        }
        label.id = label.id || select.id + "_label";
        selection.setAttribute("aria-labelledby", label.id + " " + rendered.id);
        rendered.setAttribute("aria-labelledby", label.id);
    }

    function nameWithin(node) {
        if (!(node instanceof Element)) {
            return;
        }
        if (node.matches(".select2-container")) {
            name(node);
        }
        node.querySelectorAll(".select2-container").forEach(name);
    }

    document.addEventListener("DOMContentLoaded", () => {
        nameWithin(document.body);
        new MutationObserver((mutations) => {
            mutations.forEach((mutation) => mutation.addedNodes.forEach(nameWithin));
        }).observe(document.body, {childList: true, subtree: true});
    });
})();
