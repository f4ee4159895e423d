/*
 * Forms on pages served from the page cache carry an empty CSRF field (the
 * page is the same for every reader). Just before such a form is sent, fetch
 * this reader's token and put it in; the server checks it as usual. If the
 * fetch fails the form is sent anyway, and the server's "please try again"
 * page explains what happened.
 */
(function () {
    "use strict";

    function send(form) {
        if (form.requestSubmit) {
            form.requestSubmit();
        } else {
            form.submit();
        }
    }

    document.addEventListener("submit", function (event) {
        var form = event.target;
        var field = form.querySelector("input[data-csrf-token-url]");
        if (!field || field.value) {
            return;
        }
        event.preventDefault();
        fetch(field.getAttribute("data-csrf-token-url"), {
            credentials: "same-origin",
            cache: "no-store",
            headers: { Accept: "application/json" },
        })
            .then(function (response) {
                return response.ok ? response.json() : {};
            })
            .then(function (data) {
                field.value = data.token || "";
                // Without a token the form would come straight back here: send it once as it is.
                field.removeAttribute("data-csrf-token-url");
                send(form);
            })
            .catch(function () {
                field.removeAttribute("data-csrf-token-url");
                send(form);
            });
    });
})();
