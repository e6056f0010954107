/*
 * Language tabs on the content forms: every translated field exists once per
 * language; the tabs show one language at a time, everywhere on the form
 * (the page's fields and every inline row), English first. Each tab says how
 * many of its translations are missing or outdated, and stays up to date as
 * the editor types. Outside a form (an old version's changes), the tabs show
 * one language's section at a time. Without this script every language is shown.
 */
(function () {
    "use strict";

    const FIELD = "input[data-language], textarea[data-language], select[data-language]";

    function isTemplateRow(input) {
        return input.name.includes("__prefix__") || input.closest(".empty-form, .djn-empty-form") !== null;
    }

    function container(input) {
        return input.closest("td, .form-row");
    }

    function columnHeader(cell) {
        const table = cell.closest("table");
        const head = table && table.tHead;
        return head && head.rows.length ? head.rows[0].cells[cell.cellIndex] : null;
    }

    function englishOf(form, input, language, source) {
        const suffix = "_" + language.replace("-", "_");
        if (!input.name.endsWith(suffix)) {
            return null;
        }
        return form.elements.namedItem(input.name.slice(0, -suffix.length) + "_" + source.replace("-", "_"));
    }

    // Only real changes: the page watches itself for new rows, and rewriting the same text would wake it.
    function setText(element, text) {
        if (element.textContent !== text) {
            element.textContent = text;
        }
    }

    // The tabs control the form below them, which shows the chosen language's texts.
    function makeTabs(bar) {
        const tablist = bar.querySelector("[data-tablist]");
        tablist.setAttribute("role", "tablist");
        tablist.setAttribute("aria-labelledby", bar.querySelector(".tabs-label").id);
        const panel = bar.nextElementSibling;
        panel.id = panel.id || "language-panel";
        panel.setAttribute("role", "tabpanel");
        const tabs = Array.from(tablist.querySelectorAll("button[data-language]"));
        tabs.forEach((tab) => {
            tab.setAttribute("role", "tab");
            tab.setAttribute("aria-controls", panel.id);
        });
        return {tablist, tabs, panel};
    }

    function init(bar) {
        const form = bar.closest("form");
        const {tablist, tabs, panel} = makeTabs(bar);
        const source = bar.dataset.sourceLanguage;
        const labels = {missing: bar.dataset.labelMissing, outdated: bar.dataset.labelOutdated};
        const storageKey = "language-tab:" + window.location.pathname;
        let current = tabs[0].dataset.language;

        function inputs() {
            return Array.from(form.querySelectorAll(FIELD)).filter((input) => !isTemplateRow(input));
        }

        // What a translation is now: missing while its English has text and it has none; outdated as
        // the server found it, until the translator changes it (saving it then records the new English).
        function statusOf(input) {
            const english = englishOf(form, input, input.dataset.language, source);
            const englishText = english ? english.value.trim() : "";
            if (!input.value.trim()) {
                return englishText ? "missing" : "";
            }
            if (input.value !== input.defaultValue) {
                return "";
            }
            return input.dataset.translationStatus === "outdated" ? "outdated" : "";
        }

        function refresh() {
            const counts = {};
            tabs.forEach((tab) => {
                counts[tab.dataset.language] = {missing: 0, outdated: 0, errors: 0};
            });
            inputs().forEach((input) => {
                const language = input.dataset.language;
                const box = container(input);
                if (box && box.querySelector(".errorlist")) {
                    counts[language].errors += 1;
                }
                if (language === source || !counts[language]) {
                    return;
                }
                const status = statusOf(input);
                if (status) {
                    counts[language][status] += 1;
                }
                const notes = document.getElementById(input.id + "_notes");
                const flag = notes && notes.querySelector("[data-flag]");
                if (flag) {
                    setText(flag, status ? labels[status] : "");
                    flag.hidden = !status;
                    flag.className = "translation-flag" + (status ? " translation-flag-" + status : "");
                }
            });
            tabs.forEach((tab) => {
                const count = counts[tab.dataset.language];
                const parts = [];
                if (count.errors) {
                    parts.push(bar.dataset.labelErrors + ": " + count.errors);
                }
                if (count.missing) {
                    parts.push(labels.missing + ": " + count.missing);
                }
                if (count.outdated) {
                    parts.push(labels.outdated + ": " + count.outdated);
                }
                setText(tab.querySelector(".tab-status"), parts.join(" · "));
            });
            return counts;
        }

        function show(language) {
            current = language;
            inputs().concat(Array.from(form.querySelectorAll(".empty-form " + FIELD + ", .djn-empty-form " + FIELD)))
                .forEach((input) => {
                    const box = container(input);
                    if (!box) {
                        return;
                    }
                    const hide = input.dataset.language !== language;
                    box.classList.toggle("language-hidden", hide);
                    if (box.tagName === "TD") {
                        const header = columnHeader(box);
                        if (header) {
                            header.classList.toggle("language-hidden", hide);
                        }
                    }
                });
            tabs.forEach((tab) => {
                const selected = tab.dataset.language === language;
                tab.setAttribute("aria-selected", selected ? "true" : "false");
                tab.tabIndex = selected ? 0 : -1;
                if (selected) {
                    panel.setAttribute("aria-labelledby", tab.id);
                }
            });
            try {
                window.sessionStorage.setItem(storageKey, language);
            } catch (error) {
                // Private windows may refuse storage: the tab is simply not remembered.
            }
        }

        tablist.addEventListener("click", (event) => {
            const tab = event.target.closest('[role="tab"]');
            if (tab) {
                show(tab.dataset.language);
            }
        });
        tablist.addEventListener("keydown", (event) => {
            const index = tabs.indexOf(document.activeElement);
            if (index < 0) {
                return;
            }
            const moves = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1};
            if (!(event.key in moves)) {
                return;
            }
            event.preventDefault();
            const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
            next.focus();
            show(next.dataset.language);
        });

        let pending = false;
        function refreshSoon() {
            if (!pending) {
                pending = true;
                window.requestAnimationFrame(() => {
                    pending = false;
                    refresh();
                });
            }
        }
        form.addEventListener("input", refreshSoon);
        // Rows added with "Add another" arrive with every language: show only the current one.
        new MutationObserver(() => {
            show(current);
            refreshSoon();
        }).observe(form, {childList: true, subtree: true});

        const counts = refresh();
        let start = tabs[0].dataset.language;
        try {
            start = window.sessionStorage.getItem(storageKey) || start;
        } catch (error) {
            // Storage refused: start on the first tab.
        }
        if (!counts[start]) {
            start = tabs[0].dataset.language;
        }
        // A form sent back with errors opens on a language that has them.
        if (!counts[start].errors) {
            const withErrors = tabs.find((tab) => counts[tab.dataset.language].errors);
            if (withErrors) {
                start = withErrors.dataset.language;
            }
        }
        // A link to something beside a field (a comment: `#comment-12`) opens that field's language.
        function languageOfLinkTarget() {
            const id = decodeURIComponent(window.location.hash.slice(1));
            const target = id ? document.getElementById(id) : null;
            const box = target && form.contains(target) ? target.closest("td, .form-row") : null;
            const input = box ? box.querySelector(FIELD) : null;
            return input && counts[input.dataset.language] ? input.dataset.language : null;
        }
        function followLink() {
            const language = languageOfLinkTarget();
            if (language) {
                show(language);
                document.getElementById(decodeURIComponent(window.location.hash.slice(1))).scrollIntoView();
            }
        }
        window.addEventListener("hashchange", followLink);
        show(start);
        followLink();
        bar.hidden = false;
    }

    // A read-only screen: the panel holds one section per language, each with its heading.
    function initSections(bar) {
        const {tablist, tabs, panel} = makeTabs(bar);
        const sections = Array.from(panel.querySelectorAll("[data-language-section]"));

        function show(language) {
            sections.forEach((section) => {
                section.hidden = section.dataset.languageSection !== language;
            });
            tabs.forEach((tab) => {
                const selected = tab.dataset.language === language;
                tab.setAttribute("aria-selected", selected ? "true" : "false");
                tab.tabIndex = selected ? 0 : -1;
                if (selected) {
                    panel.setAttribute("aria-labelledby", tab.id);
                }
            });
        }

        tablist.addEventListener("click", (event) => {
            const tab = event.target.closest('[role="tab"]');
            if (tab) {
                show(tab.dataset.language);
            }
        });
        tablist.addEventListener("keydown", (event) => {
            const index = tabs.indexOf(document.activeElement);
            const moves = {ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1};
            if (index < 0 || !(event.key in moves)) {
                return;
            }
            event.preventDefault();
            const next = tabs[(moves[event.key] + tabs.length) % tabs.length];
            next.focus();
            show(next.dataset.language);
        });
        // Each tab counts its language's changed rows; the screen opens on the first language with changes.
        tabs.forEach((tab) => {
            const section = sections.find((candidate) => candidate.dataset.languageSection === tab.dataset.language);
            const count = section ? section.querySelectorAll(".diff-row").length : 0;
            setText(tab.querySelector(".tab-status"), count ? bar.dataset.labelChanges + ": " + count : "");
        });
        const changed = sections.find((section) => section.querySelector(".diff-row"));
        show(changed ? changed.dataset.languageSection : tabs[0].dataset.language);
        bar.hidden = false;
    }

    document.addEventListener("DOMContentLoaded", () => {
        document.querySelectorAll("[data-language-tabs]").forEach((bar) => {
            if (bar.closest("form")) {
                init(bar);
            } else {
                initSections(bar);
            }
        });
    });
})();
