/*
 * The callback form's error summary: when the page comes back with errors, move
 * focus to the summary so that screen-reader and keyboard users start there; a
 * link in it moves focus to its field and scrolls the field's label or question
 * into view with it (a plain #fragment link would scroll but leave focus behind).
 */
(function () {
    "use strict";

    function labelFor(input) {
        var fieldset = input.closest("fieldset");
        if (input.type === "radio" && fieldset) {
            return fieldset.querySelector("legend");
        }
        return document.querySelector("label[for='" + input.id + "']");
    }

    function start() {
        var summary = document.querySelector("[data-error-summary]");
        if (!summary) {
            return;
        }
        summary.focus();
        summary.addEventListener("click", function (event) {
            var link = event.target.closest("a[href^='#']");
            if (!link) {
                return;
            }
            var input = document.getElementById(decodeURIComponent(link.hash.slice(1)));
            if (!input) {
                return;
            }
            event.preventDefault();
            (labelFor(input) || input).scrollIntoView();
            input.focus({ preventScroll: true });
        });
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
