/*
 * The slot control (templates/callbacks/fields/slot_picker.html), one day at a time.
 * Without this script every day's times are listed and the day links jump to them.
 * With it, only the open day's times are shown: a day link opens its day and moves
 * focus to its first time; choosing a time writes the day and time out in words.
 */
(function () {
    "use strict";

    function setUp(picker) {
        var days = picker.querySelectorAll("[data-slot-day]");
        var links = picker.querySelectorAll("[data-slot-day-link]");
        var chosen = picker.querySelector("[data-slot-chosen]");

        function open(key) {
            days.forEach(function (day) {
                day.hidden = day.getAttribute("data-slot-day") !== key;
            });
            links.forEach(function (link) {
                if (link.getAttribute("data-slot-day-link") === key) {
                    link.setAttribute("aria-current", "true");
                } else {
                    link.removeAttribute("aria-current");
                }
            });
        }

        links.forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                var key = link.getAttribute("data-slot-day-link");
                open(key);
                var day = picker.querySelector("[data-slot-day='" + key + "']");
                var first = day && (day.querySelector("input:checked") || day.querySelector("input"));
                if (first) {
                    first.focus();
                }
            });
        });

        picker.addEventListener("change", function (event) {
            var input = event.target;
            if (input.type === "radio" && input.checked && input.hasAttribute("data-words")) {
                chosen.textContent = input.getAttribute("data-words");
            }
        });

        var checked = picker.querySelector("[data-slot-day] input:checked");
        var start = checked ? checked.closest("[data-slot-day]") : picker.querySelector("[data-slot-day][data-open]");
        start = start || days[0];
        if (start) {
            open(start.getAttribute("data-slot-day"));
        }
        picker.classList.add("slot-picker-enhanced");
    }

    function start() {
        document.querySelectorAll("[data-slot-picker]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
