# Varnish in front of the app servers (docs/deployment.md).
#
# It keeps the public pages a day (the app's Surrogate-Control) and forgets
# one the moment the app purges it after a publication; whatever the app does
# not mark public, signed-in staff and anything but GET and HEAD go straight
# to an app server. Fill in the app servers (backends and the purgers ACL).
vcl 4.1;

import directors;
import std;

# One backend per app server, each added to the director below.
backend app1 {
    .host = "127.0.0.1";
    .port = "8001";
}
backend app2 {
    .host = "127.0.0.1";
    .port = "8002";
}

# Only the app servers may purge (they do after each publication).
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_init {
    new app = directors.round_robin();
    app.add_backend(app1);
    app.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = app.backend();
    if (req.method == "PURGE" || req.method == "BAN") {
        if (client.ip !~ purgers) {
            return (synth(403, "Forbidden"));
        }
        if (req.method == "PURGE") {
            # The address with any query string (an A–Z page's letters and pages), on this host.
            ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ ^"
                + regsuball(req.url, "([.?*+()|^$\[\]{}\\])", "\\\1") + "(\?|$)");
        } else {
            # BAN: every address on this host that matches the regular expression in X-Ban-Url.
            ban("obj.http.x-host == " + req.http.host + " && obj.http.x-url ~ " + req.http.X-Ban-Url);
        }
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # Signed-in staff see the site as it is, never a copy.
    if (req.http.Cookie ~ "(^|;\s*)sessionid=") {
        return (pass);
    }
    # Other cookies (the language choice) change nothing in a public page: the
    # app says so with Vary when they do, and Varnish keeps a copy per value then.
    return (hash);
}

sub vcl_backend_response {
    # For bans: the lurker tests stored objects, not requests.
    set beresp.http.x-url = bereq.url;
    set beresp.http.x-host = bereq.http.host;
    if (beresp.http.Set-Cookie || beresp.http.Cache-Control !~ "(^|[ ,])public([ ,]|$)") {
        # Only what the app marks public is shared.
        set beresp.uncacheable = true;
        set beresp.ttl = 120s;
        return (deliver);
    }
    if (beresp.http.Surrogate-Control ~ "max-age=[0-9]+") {
        # Purged on publication: kept as long as the app says, not its s-maxage.
        set beresp.ttl = std.duration(regsub(beresp.http.Surrogate-Control, ".*max-age=([0-9]+).*", "\1") + "s", 0s);
        unset beresp.http.Surrogate-Control;
    }
    return (deliver);
}

sub vcl_deliver {
    unset resp.http.x-url;
    unset resp.http.x-host;
    # A browser keeps a page max-age from now: the proxy's copy is as fresh as a purge keeps it.
    unset resp.http.Age;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "hit";
    } else {
        set resp.http.X-Proxy-Cache = "miss";
    }
}
