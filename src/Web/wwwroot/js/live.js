// Live updates: a toast per ticket change, the header badge, and a refresh of the IT Support list
// or the Overview figures, without a reload. Pages work the same without JavaScript.
(function () {
    if (typeof signalR === "undefined" || !document.querySelector("[data-live]")) { return; }

    var toasts = document.getElementById("live-toasts");

    function toast(text) {
        if (!toasts) { return; }
        var el = document.createElement("div");
        el.className = "toast align-items-center text-bg-dark border-0";
        el.setAttribute("role", "status");
        el.setAttribute("aria-live", "polite");
        var body = document.createElement("div");
        body.className = "toast-body";
        body.textContent = text;
        el.appendChild(body);
        toasts.appendChild(el);
        var t = new bootstrap.Toast(el, { delay: 6000 });
        el.addEventListener("hidden.bs.toast", function () { el.remove(); });
        t.show();
    }

    function refreshBadge() {
        fetch("/notifications/unread-count", { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) {
                if (!data) { return; }
                document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
                    badge.textContent = data.unread;
                    badge.setAttribute("data-unread-count", data.unread);
                    badge.classList.toggle("d-none", data.unread === 0);
                });
                document.querySelectorAll("[data-unread-text]").forEach(function (text) {
                    text.textContent = data.unread === 1 ? "1 unread notification" : data.unread + " unread notifications";
                });
            });
    }

    var refreshing = false;
    function refreshRegion(selector) {
        var region = document.querySelector(selector);
        if (!region || refreshing) { return; }
        refreshing = true;
        fetch(window.location.href, { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
                if (!html) { return; }
                var doc = new DOMParser().parseFromString(html, "text/html");
                var fresh = doc.querySelector(selector);
                if (fresh) { region.replaceWith(fresh); }
            })
            .finally(function () { refreshing = false; });
    }

    var connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/live")
        .withAutomaticReconnect()
        .build();

    connection.on("ticketsChanged", function (changes) {
        changes.slice(0, 3).forEach(function (c) { toast(c.text); });
        if (changes.length > 3) { toast((changes.length - 3) + " more tickets changed"); }
        refreshRegion("[data-live-region]");
        document.dispatchEvent(new CustomEvent("ticketing:tickets-changed"));
    });
    connection.on("notificationsChanged", refreshBadge);

    connection.start().then(function () {
        document.documentElement.setAttribute("data-live-connected", "true");
    }).catch(function () { /* The page keeps working; it just will not update itself. */ });
})();
