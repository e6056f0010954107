/*
 * Nothing typed is lost without a word: leaving a change form with unsaved
 * changes asks first (the browser's own question), and so does a workflow
 * button (publish, approve, reject…), which acts on what is saved, not on
 * what is on the screen.
 */
(function () {
    "use strict";

    document.addEventListener("DOMContentLoaded", () => {
        const form = document.querySelector("#content-main form[id$='_form'][method='post']");
        const messages = document.getElementById("unsaved-changes-message");
        if (!form || !messages) {
            return;
        }

        function state() {
            const data = new FormData(form);
            data.delete("csrfmiddlewaretoken");
            return new URLSearchParams(data).toString();
        }

        let saved;
        let leaving = false;
        // After the other scripts have set the form up (row positions, added rows).
        window.addEventListener("load", () => {
            saved = state();
        });

        function dirty() {
            return saved !== undefined && state() !== saved;
        }

        form.addEventListener("submit", (event) => {
            // Saving (or a workflow button of this form the editor confirmed) leaves on purpose.
            const button = event.submitter;
            if (!button || !button.classList.contains("workflow-button")) {
                leaving = true;
            }
        });

        document.addEventListener(
            "click",
            (event) => {
                const button = event.target.closest(".workflow-button");
                if (!button) {
                    return;
                }
                if (dirty() && !window.confirm(messages.dataset.workflow)) {
                    event.preventDefault();
                    event.stopImmediatePropagation();
                    return;
                }
                leaving = true;
            },
            true
        );

        window.addEventListener("beforeunload", (event) => {
            if (!leaving && dirty()) {
                event.preventDefault();
                event.returnValue = "";
            }
        });
    });
})();
