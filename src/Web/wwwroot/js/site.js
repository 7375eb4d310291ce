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
