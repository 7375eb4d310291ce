// Tells the server the browser's time zone, so pages show times in it (cookie "tz").
(function () {
    try {
        var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
        if (zone && document.cookie.indexOf("tz=" + encodeURIComponent(zone)) === -1) {
            document.cookie = "tz=" + encodeURIComponent(zone) + "; path=/; max-age=31536000; samesite=lax";
        }
    } catch (e) {
        // Old browsers without Intl: times stay in UTC and say so.
    }
})();

// A dropdown (details.dd: the ticket list's and the analytics page's filters) closes when a click
// lands outside it or Escape is pressed in it, as menus do.
(function () {
    document.addEventListener("click", function (event) {
        document.querySelectorAll("details.dd[open]").forEach(function (d) { if (!d.contains(event.target)) { d.open = false; } });
    });
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        var open = event.target.closest ? event.target.closest("details.dd[open]") : null;
        if (open) { open.open = false; open.querySelector("summary").focus(); }
    });
})();

// Relative times age while a page stays open (a list or a ticket kept open all day): every <time> whose text is
// relative ("just now", "5 min ago", "in 2 h") is rewritten from its datetime once a minute, by the server's
// rules (UserTime.FormatRelative). Exact times and dates (a week or more away) do not age and are left alone.
(function () {
    var relative = /^(just now|\d+ (min|h|d) ago|in \d+ (min|h|d))$/;
    var minute = 60000, hour = 60 * minute, day = 24 * hour;
    function describe(at, now, wasPast) {
        var delta = now - at;
        // A clock a little behind the server's must not send "just now" into the future.
        if (delta < 0 && wasPast) { delta = 0; }
        var span = Math.abs(delta);
        if (span < minute) { return "just now"; }
        if (span >= 7 * day) { return null; }
        var count = span < hour ? Math.floor(span / minute) : span < day ? Math.floor(span / hour) : Math.floor(span / day);
        var unit = span < hour ? "min" : span < day ? "h" : "d";
        return delta < 0 ? "in " + count + " " + unit : count + " " + unit + " ago";
    }
    function age() {
        var now = Date.now();
        document.querySelectorAll("time[datetime]").forEach(function (time) {
            var text = time.textContent;
            if (!relative.test(text)) { return; }
            var at = Date.parse(time.getAttribute("datetime"));
            if (isNaN(at)) { return; }
            var next = describe(at, now, text.lastIndexOf("in ", 0) !== 0);
            if (next && next !== text) { time.textContent = next; }
        });
    }
    window.setInterval(age, minute);
})();
