// Live updates: the header badge, a refresh of the Overview's figures and the list's rows, without a
// reload. Toasts only for what concerns the user (their notifications: their tickets, followed
// tickets, mentions), grouped, at most one visible every few seconds; everything else is reflected
// silently. Pages work the same without JavaScript.
(function () {
    if (typeof signalR === "undefined" || !document.querySelector("[data-live]")) { return; }

    var toasts = document.getElementById("live-toasts");
    var gap = 5000;
    var lastShown = 0;
    var waiting = 0;
    var timer = 0;

    function show(text) {
        if (!toasts) { return; }
        toasts.querySelectorAll(".toast").forEach(function (old) { old.remove(); });
        var el = document.createElement("div");
        el.className = "toast align-items-center text-bg-dark border-0";
        el.setAttribute("role", "status");
        el.setAttribute("aria-live", "polite");
        var body = document.createElement("div");
        body.className = "toast-body";
        var link = document.createElement("a");
        link.href = "/Notifications";
        link.className = "link-light";
        link.textContent = text;
        body.appendChild(link);
        el.appendChild(body);
        toasts.appendChild(el);
        var t = new bootstrap.Toast(el, { delay: 6000 });
        el.addEventListener("hidden.bs.toast", function () { el.remove(); });
        t.show();
        lastShown = Date.now();
    }

    // Several notices in a burst become one toast; the next one waits until the gap has passed.
    function notify(n) {
        waiting += n;
        if (timer) { return; }
        timer = window.setTimeout(function () {
            timer = 0;
            var text = waiting === 1 ? "1 new notification" : waiting + " new notifications";
            waiting = 0;
            show(text);
        }, Math.max(0, lastShown + gap - Date.now()));
    }

    function refreshBadge() {
        fetch("/notifications/unread-count", { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (data) {
                if (!data) { return; }
                var before = unread;
                unread = data.unread;
                if (before !== null && data.unread > before) {
                    // A page that shows the news itself (the inbox) takes it; elsewhere a toast says so.
                    var arrived = new CustomEvent("ticketing:notifications-arrived", { detail: data.unread - before, cancelable: true });
                    if (document.dispatchEvent(arrived)) { notify(data.unread - before); }
                }
                document.querySelectorAll("[data-unread-count]").forEach(function (badge) {
                    badge.textContent = data.unread;
                    badge.setAttribute("data-unread-count", data.unread);
                    badge.classList.toggle("d-none", data.unread === 0);
                });
                document.querySelectorAll("[data-unread-short]").forEach(function (text) {
                    text.textContent = data.unread + " unread";
                });
                document.querySelectorAll("[data-unread-text]").forEach(function (text) {
                    text.textContent = data.unread === 1 ? "1 unread notification" : data.unread + " unread notifications";
                });
            });
    }

    var unread = null;
    var connection = new signalR.HubConnectionBuilder()
        .withUrl("/hubs/live")
        .withAutomaticReconnect()
        .build();

    // The list (tickets.js) and the Overview (overview.js) refresh what they show; the ticket page
    // (ticket.js) looks for its own ticket among the notices ({ ticketId, number, text }).
    connection.on("ticketsChanged", function (changes) {
        document.dispatchEvent(new CustomEvent("ticketing:tickets-changed", { detail: changes || [] }));
    });
    connection.on("notificationsChanged", refreshBadge);

    refreshBadge();
    connection.start().then(function () {
        document.documentElement.setAttribute("data-live-connected", "true");
    }).catch(function () { /* The page keeps working; it just will not update itself. */ });
})();
