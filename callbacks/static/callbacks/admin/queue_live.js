/* The staff queue's live refresh: progressive enhancement of the list and the dashboard panel.
 *
 * Every data-seconds (CALLBACK_QUEUE_REFRESH_SECONDS) it asks the server for
 * the list's rows (for the page's own query string: filters, search, page)
 * and for the numbers of the menu item and the dashboard panel, and puts
 * them in place. It waits while the tab is hidden or a form field has focus,
 * and stops, saying so, if the server stops answering as expected (signed
 * out, say). The status line is the only live region: it changes, and so is
 * read out, only when something on the page changed.
 */
(function () {
    "use strict";

    function start() {
        var box = document.querySelector("[data-callback-live]");
        if (!box || !window.fetch) {
            return;
        }
        var seconds = Math.max(Number(box.dataset.seconds) || 15, 1);
        var status = box.querySelector("[data-callback-live-status]");
        var stopped = false;
        var busy = false;

        function editing() {
            var field = document.activeElement;
            return Boolean(field && field.matches("input, select, textarea, [contenteditable]"));
        }

        function ask(url, accept) {
            return fetch(url, {
                headers: { "HX-Request": "true", Accept: accept },
                credentials: "same-origin",
                cache: "no-store",
            }).then(function (response) {
                var type = response.headers.get("Content-Type") || "";
                if (!response.ok || response.redirected || type.indexOf(accept) !== 0) {
                    throw new Error("unexpected answer");
                }
                return accept === "application/json" ? response.json() : response.text();
            });
        }

        function words(element) {
            return element.textContent.replace(/\s+/g, " ").trim();
        }

        function swapRows(html) {
            var rows = document.getElementById("callback-queue-rows");
            if (!rows) {
                return false;
            }
            var incoming = document.createElement("template");
            incoming.innerHTML = html;
            if (words(incoming.content) === words(rows)) {
                return false;
            }
            rows.replaceChildren(incoming.content);
            return true;
        }

        function setText(element, text) {
            // The sidebar is drawn by Wagtail's scripts: change its text node's value, never the node.
            var node = element.firstChild;
            if (node && node.nodeType === Node.TEXT_NODE) {
                if (node.nodeValue === text) {
                    return false;
                }
                node.nodeValue = text;
            } else {
                element.textContent = text;
            }
            return true;
        }

        function showCounts(data) {
            var changed = false;
            if (box.dataset.menuUrl) {
                var selector = 'a[href="' + box.dataset.menuUrl + '"] .menuitem-label';
                document.querySelectorAll(selector).forEach(function (label) {
                    setText(label, data.menu_label);
                });
            }
            Object.keys(data.counts).forEach(function (key) {
                document.querySelectorAll('[data-callback-count="' + key + '"]').forEach(function (number) {
                    changed = setText(number, String(data.counts[key])) || changed;
                });
            });
            return changed;
        }

        function clock() {
            var now = new Date();
            return String(now.getHours()).padStart(2, "0") + ":" + String(now.getMinutes()).padStart(2, "0");
        }

        function refresh() {
            if (stopped || busy) {
                return;
            }
            busy = true;
            var asks = [ask(box.dataset.countsUrl, "application/json").then(showCounts)];
            if (box.dataset.rowsUrl) {
                asks.push(ask(box.dataset.rowsUrl + window.location.search, "text/html").then(swapRows));
            }
            Promise.all(asks)
                .then(function (changes) {
                    if (changes.indexOf(true) === -1) {
                        return;
                    }
                    var fresh = document.querySelectorAll("#callback-queue-rows .callback-flag--new").length;
                    status.textContent = "Updated " + clock() + (fresh ? " – " + fresh + " new" : "");
                })
                .catch(function () {
                    stopped = true;
                    status.textContent = "Stopped updating by itself: use Refresh.";
                })
                .finally(function () {
                    busy = false;
                });
        }

        var link = box.querySelector("[data-callback-live-refresh]");
        if (link && box.dataset.rowsUrl) {
            // Filters change the address without reloading the page: refresh what is shown now.
            link.addEventListener("click", function () {
                link.href = window.location.href;
            });
        }

        window.setInterval(function () {
            if (!document.hidden && !editing()) {
                refresh();
            }
        }, seconds * 1000);

        document.addEventListener("visibilitychange", function () {
            if (!document.hidden && !editing()) {
                refresh();
            }
        });
    }

    if (document.readyState === "loading") {
        // Loaded as a dashboard panel's media, the script may come before the panel.
        document.addEventListener("DOMContentLoaded", start);
    } else {
        start();
    }
})();
