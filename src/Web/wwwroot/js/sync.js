// "Sync now" with live progress: posts the form in the background, then polls /sync/status
// until the run ends. Without JavaScript the form posts normally and the page shows the state.
(function () {
    var panel = document.querySelector("[data-sync-panel]");
    if (!panel) { return; }
    var form = panel.querySelector("form[data-sync-form]");
    var button = form && form.querySelector("button[type=submit]");
    var progress = panel.querySelector("[data-sync-progress]");
    var last = panel.querySelector("[data-sync-last]");
    var statusUrl = panel.getAttribute("data-status-url");
    var timer = null;

    function render(status) {
        if (status.running) {
            button.disabled = true;
            progress.textContent = "Sync in progress: " + status.running.recordsProcessed.toLocaleString() + " tickets processed"
                + (status.running.recordsFailed ? ", " + status.running.recordsFailed.toLocaleString() + " failed" : "") + "…";
            schedule();
        } else {
            button.disabled = false;
            if (timer !== null) {
                var finished = status.lastFinished;
                progress.textContent = finished
                    ? (finished.status === "failed" ? "Sync failed: " + (finished.errorMessage || "unknown error")
                        : "Sync finished: " + finished.recordsProcessed.toLocaleString() + " tickets processed"
                          + (finished.recordsFailed ? ", " + finished.recordsFailed.toLocaleString() + " failed" : "") + ".")
                    : "";
            }
            timer = null;
            if (last && status.lastSuccessfulSyncText) {
                last.innerHTML = "";
                var time = document.createElement("time");
                time.dateTime = status.lastSuccessfulSync;
                time.title = status.lastSuccessfulSyncExact;
                time.textContent = status.lastSuccessfulSyncText;
                last.appendChild(document.createTextNode("Last synced "));
                last.appendChild(time);
            }
        }
    }

    function poll() {
        fetch(statusUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.json() : null; })
            .then(function (status) { if (status) { render(status); } })
            .catch(function () { schedule(); });
    }

    function schedule() { timer = window.setTimeout(poll, 1000); }

    form.addEventListener("submit", function (event) {
        event.preventDefault();
        button.disabled = true;
        progress.textContent = "Starting the sync…";
        fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.json(); })
            .then(function (result) { progress.textContent = result.message; timer = 0; poll(); })
            .catch(function () { button.disabled = false; progress.textContent = "Could not start the sync. Try again."; });
    });

    if (panel.getAttribute("data-running") === "true") { timer = 0; poll(); }
})();
