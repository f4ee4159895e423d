vcl 4.1;

# Varnish in front of the help-line site (see README: "Running behind Varnish or a CDN").
#
# Django decides what may be shared: anonymous page responses carry
# "Cache-Control: public, max-age=..., s-maxage=...", everything personal
# "private, no-store" (home/cache_headers.py). This file only makes sure that
# readers' cookies never split or poison the cache, that anything with a
# session or a form post goes straight to Django, and that PURGE requests from
# wagtail.contrib.frontend_cache (FRONTEND_CACHE_URL) are accepted from the
# application servers only.
#
# The backend address is replaced when the file is installed (the test fixture
# in tests/varnish_support.py does the same).

import std;

backend default {
    .host = "127.0.0.1";
    .port = "8000";
}

# Who may purge: the application servers. Add their addresses here.
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        return (purge);
    }
    # BAN: forget every page at once (for an operator, and for the tests between cases).
    if (req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed."));
        }
        ban("req.url ~ /");
        return (synth(200, "Banned."));
    }

    # Only reads are ever cached; a form post, and anything else, goes to Django.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # The admin, the callback pages (forms with a token, signed links) and the form-token view.
    if (req.url ~ "^/admin" || req.url ~ "^/request-a-callback" || req.url ~ "^/forms/token/") {
        return (pass);
    }

    # A logged-in editor, a reader with a session (an unlocked private page) or a message waiting.
    if (req.http.Authorization || req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }

    # Anonymous readers: their cookies (the CSRF cookie, analytics) change nothing on a page.
    unset req.http.Cookie;
    return (hash);
}

sub vcl_backend_response {
    # A response that sets a cookie belongs to one reader.
    if (beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    # Django's Cache-Control (s-maxage) sets the time to live; a response without one is not kept.
    if (!beresp.http.Cache-Control) {
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
    }
    return (deliver);
}

sub vcl_deliver {
    # Tells tests and operators whether Varnish answered from its cache.
    if (obj.hits > 0) {
        set resp.http.X-Varnish-Cache = "hit";
    } else {
        set resp.http.X-Varnish-Cache = "miss";
    }
    # Browsers follow max-age; only shared caches read s-maxage, and nothing behind this one.
}
