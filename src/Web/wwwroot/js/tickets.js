// Enhancements for the ticket pages; every form works without them.
(function () {
    // After a failed post, move the focus to the error summary so keyboard and screen reader users
    // start from the list of problems (each links to its field).
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
        summary.focus();
    }

    // A form that changes data is sent once: a second click while the first is on its way would
    // only repeat it (the create form's Idempotency-Key makes that harmless, but not invisible).
    var onceButtons = document.querySelectorAll("form[data-submit-once] button[type=submit]");
    document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
        form.addEventListener("submit", function () {
            form.querySelectorAll("button[type=submit]").forEach(function (button) {
                window.setTimeout(function () { button.disabled = true; }, 0);
            });
        });
    });
    // Back to a page from the browser's cache: its buttons must work again.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted) {
            onceButtons.forEach(function (button) { button.disabled = false; });
        }
    });

    // The list's bulk action: "select all on this page" and a live count of the selection.
    var bulk = document.querySelector("form[data-bulk-form]");
    if (!bulk) { return; }
    var all = bulk.querySelector("[data-select-all]");
    var rows = Array.prototype.slice.call(bulk.querySelectorAll("[data-select-row]"));
    var count = bulk.querySelector("[data-selection-count]");

    function update() {
        var selected = rows.filter(function (row) { return row.checked; }).length;
        if (all) {
            all.checked = selected > 0 && selected === rows.length;
            all.indeterminate = selected > 0 && selected < rows.length;
        }
        if (count) {
            count.textContent = selected === 0
                ? "No tickets selected."
                : selected + (selected === 1 ? " ticket" : " tickets") + " selected.";
        }
    }

    if (all) {
        all.hidden = false;
        all.addEventListener("change", function () {
            rows.forEach(function (row) { row.checked = all.checked; });
            update();
        });
    }
    rows.forEach(function (row) { row.addEventListener("change", update); });
    update();
})();
