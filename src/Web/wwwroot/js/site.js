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
