/*
 * A row added with "Add another" is a copy of the form's template row.
 * nested-admin numbers the copy's fields and labels, but not the notes and
 * help texts that describe its fields: their ids, and the fields'
 * aria-describedby, keep the template's "__prefix__" (and a row added with
 * rows of its own keeps its template's "empty" in theirs). Numbered here,
 * so that no id is on the page twice and each new field is described by
 * its own notes.
 */
(function () {
    "use strict";

    const DESCRIBED = '[aria-describedby*="__prefix__"]';

    // Each description's id is its field's id and a suffix ("_notes", "_helptext").
    function number(field) {
        const row = field.closest(".djn-inline-form");
        if (!row || !field.id) {
            return;
        }
        const tokens = field.getAttribute("aria-describedby").split(/\s+/).map((token) => {
            const numbered = field.id + token.slice(token.lastIndexOf("_"));
            if (!token.includes("__prefix__") || token === numbered) {
                return token;
            }
            const description = row.querySelector("#" + CSS.escape(token));
            if (description) {
                description.id = numbered;
            }
            return numbered;
        });
        field.setAttribute("aria-describedby", tokens.join(" "));
    }

    function numberWithin(node) {
        if (!(node instanceof Element)) {
            return;
        }
        if (node.matches(DESCRIBED)) {
            number(node);
        }
        node.querySelectorAll(DESCRIBED).forEach(number);
    }

    document.addEventListener("DOMContentLoaded", () => {
        new MutationObserver((mutations) => {
            mutations.forEach((mutation) => mutation.addedNodes.forEach(numberWithin));
        }).observe(document.body, {childList: true, subtree: true});
    });
})();
