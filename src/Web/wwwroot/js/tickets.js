// Enhancements for the ticket pages; every form works without them.
(function () {
    "use strict";

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

    var region = document.querySelector("[data-list-region]");
    var bulk = document.querySelector("form[data-bulk-form]");
    if (!region || !bulk) { return; }
    // The list this tab last showed, with its filters: the ticket page's "u" comes back to it.
    function rememberList() {
        try { window.sessionStorage.setItem("ticketing.list", window.location.pathname + window.location.search); } catch (e) { /* private mode */ }
    }
    rememberList();

    // ---- The list: what survives paging and live updates lives here, not in the rows. ----
    var selected = new Map(); // ticket id -> ticket number, across pages
    var announcer = document.querySelector("[data-announcer]");
    var liveBar = document.querySelector("[data-live-bar]");
    var token = bulk.querySelector("input[name=__RequestVerificationToken]").value;
    var listUrl = region.getAttribute("data-list-url");
    var editing = null; // the open inline editor, if any
    var pendingFresh = null; // rows of new tickets not shown yet
    var stateKey = "ticket-list-selection";

    try {
        JSON.parse(window.sessionStorage.getItem(stateKey) || "[]").forEach(function (pair) { selected.set(pair[0], pair[1]); });
    } catch (e) {
        selected.clear();
    }

    function say(text) {
        if (!announcer) { return; }
        announcer.textContent = "";
        window.setTimeout(function () { announcer.textContent = text; }, 50);
    }

    function rows() { return Array.prototype.slice.call(region.querySelectorAll("tbody[data-rows] > tr[data-id]")); }
    function rowOf(el) { return el && el.closest ? el.closest("tr[data-id]") : null; }
    function queryOf(url) { var at = url.indexOf("?"); return at < 0 ? "" : url.slice(at + 1); }
    function withHandler(url, handler) { var q = queryOf(url); return "/Tickets?handler=" + handler + (q ? "&" + q : ""); }

    // ---- Selection and the bulk bar ----
    bulk.classList.add("is-enhanced");
    var count = bulk.querySelector("[data-selection-count]");
    var clear = bulk.querySelector("[data-clear-selection]");
    var result = bulk.querySelector("[data-bulk-result]");
    clear.hidden = false;

    // The assignee choices are on the page once, in the filter; the bar's list is built from them.
    var agentSelect = bulk.querySelector("[data-agent-options]");
    document.querySelectorAll("[data-assignee-choices] input[data-agent]").forEach(function (box) {
        var option = document.createElement("option");
        option.value = box.value;
        option.textContent = box.parentElement.textContent.trim();
        agentSelect.appendChild(option);
    });

    function saveSelection() {
        try { window.sessionStorage.setItem(stateKey, JSON.stringify(Array.from(selected.entries()))); } catch (e) { /* private mode: selection lasts the page */ }
    }

    function syncSelection() {
        var all = region.querySelector("[data-select-all]");
        var boxes = rows().map(function (row) { return row.querySelector("[data-select-row]"); });
        var onPage = 0;
        boxes.forEach(function (box) {
            box.checked = selected.has(box.value);
            box.closest("tr").classList.toggle("row-selected", box.checked);
            if (box.checked) { onPage++; }
        });
        if (all) {
            all.hidden = false;
            all.checked = onPage > 0 && onPage === boxes.length;
            all.indeterminate = onPage > 0 && onPage < boxes.length;
        }
        var n = selected.size;
        bulk.classList.toggle("has-selection", n > 0);
        count.textContent = n === 0 ? "No tickets selected" : n + (n === 1 ? " ticket selected" : " tickets selected") + (n > onPage ? " (" + (n - onPage) + " on other pages)" : "");
        saveSelection();
    }

    function toggle(box, on) {
        var row = box.closest("tr");
        if (on) { selected.set(box.value, row.getAttribute("data-ticket")); } else { selected.delete(box.value); }
        syncSelection();
    }

    region.addEventListener("change", function (event) {
        var box = event.target;
        if (box.matches("[data-select-row]")) {
            toggle(box, box.checked);
        } else if (box.matches("[data-select-all]")) {
            rows().forEach(function (row) {
                var b = row.querySelector("[data-select-row]");
                if (box.checked) { selected.set(b.value, row.getAttribute("data-ticket")); } else { selected.delete(b.value); }
            });
            syncSelection();
            say(box.checked ? "Every ticket on this page selected." : "Tickets on this page unselected.");
        }
    });

    clear.addEventListener("click", function () {
        selected.clear();
        result.textContent = "";
        bulk.classList.remove("has-result");
        syncSelection();
        say("Selection cleared.");
    });

    bulk.addEventListener("submit", function (event) {
        event.preventDefault();
        // The pressed button says which action: "Apply to selected", or "Apply suggestions" (its name and value).
        var data = new FormData(bulk, event.submitter || null);
        data.delete("Input.TicketIds");
        selected.forEach(function (number, id) { data.append("Input.TicketIds", id); });
        var button = event.submitter || bulk.querySelector("button[type=submit]");
        button.disabled = true;
        result.textContent = "Applying to " + selected.size + " tickets…";
        bulk.classList.add("has-result");
        fetch(bulk.action, { method: "POST", body: data, credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
            .then(function (answer) { reportBulk(answer.ok, answer.body); })
            .catch(function () { result.textContent = "The change could not be sent. Check the connection and try again."; })
            .finally(function () { button.disabled = false; });
    });

    function reportBulk(ok, body) {
        result.textContent = "";
        if (!ok) {
            result.textContent = "Not applied: " + (body.errors || []).join(" ");
            say(result.textContent);
            return;
        }
        var head = document.createElement("p");
        head.className = "mb-0 fw-semibold";
        head.textContent = body.succeeded + " of " + body.outcomes.length + " tickets changed"
            + (body.queued ? " (" + body.queued + " queued until Championship IT answers)" : "")
            + (body.failed ? "; " + body.failed + " not changed:" : ".");
        result.appendChild(head);
        var list = document.createElement("ul");
        body.outcomes.forEach(function (o) {
            var row = region.querySelector("tr[data-id='" + o.ticketId + "']");
            var text = o.outcome === "failed" ? "Not changed: " + o.error : o.outcome === "queued" ? "Queued: sent as soon as Championship IT answers." : o.outcome === "unchanged" ? "Already so: nothing to change." : "Changed.";
            if (row) { note(row, o.outcome === "failed" ? "problem" : o.outcome === "queued" ? "queued" : "done", text); }
            // "Apply suggestions": the row shows the category it got, not the suggestion it no longer needs.
            var category = row && o.category && o.outcome !== "failed" ? row.querySelector(".c-category") : null;
            if (category) { category.textContent = o.category; }
            if (o.outcome === "failed") {
                var li = document.createElement("li");
                li.textContent = (o.number || "Unknown ticket") + ": " + o.error;
                list.appendChild(li);
            } else {
                selected.delete(o.ticketId);
            }
        });
        if (list.children.length > 0) { result.appendChild(list); }
        if (!body.failed) {
            // Done for every ticket: the bar starts afresh, so the next selection does not carry this change by accident.
            ["Input.Status", "Input.Priority", "Input.AssigneeId", "Input.AddTag", "Input.Follow"].forEach(function (name) {
                var field = bulk.elements.namedItem(name);
                if (field) { field.value = ""; }
            });
        }
        syncSelection();
        say(head.textContent);
        refreshRows(false);
    }

    function note(row, kind, text) {
        var cell = row.querySelector(".c-title");
        var old = cell.querySelector(".row-note");
        if (old) { old.remove(); }
        var span = document.createElement("span");
        span.className = "row-note row-note-" + kind;
        span.setAttribute("role", "status");
        span.textContent = text;
        cell.appendChild(span);
    }

    // ---- Inline editors: status, priority and assignee from the row. ----
    function choices(field) {
        var boxes = field === "assignee"
            ? document.querySelectorAll("[data-assignee-choices] input[value='unassigned'], [data-assignee-choices] input[data-agent]")
            : document.querySelectorAll("[data-filter='" + field + "'] input[name='" + field + "']");
        return Array.prototype.map.call(boxes, function (box) { return { value: box.value, label: box.parentElement.textContent.trim() }; });
    }

    function openEditor(row, field) {
        var cell = row.querySelector(".c-" + field);
        if (!cell) { say("The " + field + " column is hidden; show it with Columns."); return; }
        closeEditor();
        var select = document.createElement("select");
        select.className = "form-select form-select-sm cell-editor";
        select.setAttribute("aria-label", "New " + field + " for " + row.getAttribute("data-ticket"));
        var current = cell.getAttribute("data-value") || "unassigned";
        choices(field).forEach(function (c) {
            var option = new Option(c.label, c.value, false, c.value === current);
            select.appendChild(option);
        });
        var shown = cell.innerHTML;
        cell.innerHTML = "";
        cell.appendChild(select);
        editing = { row: row, cell: cell, shown: shown, field: field };
        select.focus();
        select.addEventListener("keydown", function (event) {
            if (event.key === "Escape") { event.preventDefault(); closeEditor(true); }
            else if (event.key === "Enter") { event.preventDefault(); save(); }
        });
        select.addEventListener("change", save);
        select.addEventListener("blur", function () { window.setTimeout(function () { if (editing && editing.cell === cell && document.activeElement !== select) { closeEditor(); } }, 150); });
        function save() {
            if (select.value === current) { closeEditor(true); return; }
            var data = new FormData();
            data.append("__RequestVerificationToken", token);
            var url = withHandler(listUrl, "Inline") + "&id=" + encodeURIComponent(row.getAttribute("data-id"))
                + "&version=" + encodeURIComponent(row.getAttribute("data-v")) + "&field=" + field + "&value=" + encodeURIComponent(select.value);
            select.disabled = true;
            fetch(url, { method: "POST", body: data, credentials: "same-origin" })
                .then(function (r) { return r.text(); })
                .then(function (html) {
                    editing = null;
                    var fresh = parseRows(html)[0];
                    if (!fresh) { closeEditor(true); return; }
                    replaceRow(row, fresh, false);
                    fresh.querySelector(".c-num a").focus();
                    setCursor(fresh);
                    var said = fresh.querySelector(".row-note");
                    say(said ? said.textContent : "Saved.");
                })
                .catch(function () { closeEditor(true); note(row, "problem", "Not saved: the change could not be sent."); });
        }
    }

    function closeEditor(refocus) {
        if (!editing) { return; }
        var e = editing;
        editing = null;
        e.cell.innerHTML = e.shown;
        if (refocus) { e.row.querySelector(".c-num a").focus(); }
    }

    region.addEventListener("dblclick", function (event) {
        var cell = event.target.closest("td.c-status, td.c-priority, td.c-assignee");
        if (cell) { openEditor(rowOf(cell), cell.classList[0].slice(2)); }
    });

    // The editors are found with the pointer too: an editable cell says how when hovered (set then,
    // so the rows' HTML carries nothing more).
    var keys = { status: "s", priority: "p", assignee: "a" };
    region.classList.add("has-inline-edit");
    region.addEventListener("mouseover", function (event) {
        var cell = event.target.closest("td.c-status, td.c-priority, td.c-assignee");
        if (cell && !cell.title) {
            var field = cell.classList[0].slice(2);
            cell.title = "Double-click to change the " + field + " (or press " + keys[field] + ")";
        }
    });

    // ---- Keyboard: never while typing in a field, never with a modifier. ----
    var help = null;
    function showHelp() {
        if (help) { help.remove(); help = null; say("Shortcuts closed."); return; }
        help = document.createElement("section");
        help.className = "shortcut-help";
        help.setAttribute("role", "dialog");
        help.setAttribute("aria-label", "Keyboard shortcuts");
        help.innerHTML = "<h2 class='h6'>Keyboard shortcuts</h2><dl>"
            + "<dt><kbd>/</kbd></dt><dd>Search</dd><dt><kbd>j</kbd> <kbd>k</kbd></dt><dd>Next / previous ticket</dd>"
            + "<dt><kbd>x</kbd></dt><dd>Select or unselect the ticket</dd><dt><kbd>o</kbd> <kbd>Enter</kbd></dt><dd>Open the ticket</dd>"
            + "<dt><kbd>s</kbd> <kbd>p</kbd> <kbd>a</kbd></dt><dd>Change status, priority, assignee</dd><dt><kbd>?</kbd></dt><dd>Show or hide this list</dd></dl>"
            + "<button type='button' class='btn btn-sm btn-outline-secondary mt-2'>Close</button>";
        help.querySelector("button").addEventListener("click", showHelp);
        document.body.appendChild(help);
        say("Keyboard shortcuts: slash search, j and k move, x selects, o opens, s p a change status, priority, assignee, question mark closes.");
    }

    function cursorRow() { return region.querySelector("tr[data-cursor='true']") || rowOf(document.activeElement); }

    function setCursor(row) {
        rows().forEach(function (r) { r.removeAttribute("data-cursor"); });
        if (row) { row.setAttribute("data-cursor", "true"); }
    }

    function move(step) {
        var all = rows();
        if (all.length === 0) { return; }
        var at = all.indexOf(cursorRow());
        var next = all[Math.min(all.length - 1, Math.max(0, at < 0 ? 0 : at + step))];
        setCursor(next);
        next.querySelector(".c-num a").focus();
        var sla = next.querySelector(".c-due time");
        say(next.getAttribute("data-ticket") + ": " + next.querySelector(".t-title").getAttribute("title") + (sla ? ", " + sla.textContent : ""));
    }

    document.addEventListener("keydown", function (event) {
        var t = event.target;
        if (event.ctrlKey || event.metaKey || event.altKey || editing) { return; }
        if (t.closest("input, select, textarea, [contenteditable], dialog, details[open] .dd-menu")) { return; }
        var row = cursorRow();
        switch (event.key) {
            case "/": event.preventDefault(); document.getElementById("q").focus(); document.getElementById("q").select(); say("Search."); break;
            case "j": event.preventDefault(); move(1); break;
            case "k": event.preventDefault(); move(-1); break;
            case "x":
                if (row) {
                    event.preventDefault();
                    var box = row.querySelector("[data-select-row]");
                    box.checked = !box.checked;
                    toggle(box, box.checked);
                    say(row.getAttribute("data-ticket") + (box.checked ? " selected. " : " unselected. ") + count.textContent + ".");
                }
                break;
            case "o": if (row) { event.preventDefault(); window.location.href = row.querySelector(".c-num a").href; } break;
            case "s": if (row) { event.preventDefault(); openEditor(row, "status"); } break;
            case "p": if (row) { event.preventDefault(); openEditor(row, "priority"); } break;
            case "a": if (row) { event.preventDefault(); openEditor(row, "assignee"); } break;
            case "?": event.preventDefault(); showHelp(); break;
            case "Escape": if (help) { showHelp(); } break;
        }
    });
    region.addEventListener("focusin", function (event) { var row = rowOf(event.target); if (row) { setCursor(row); } });

    // ---- Paging without losing the selection ----
    region.addEventListener("click", function (event) {
        var link = event.target.closest("[data-pager] a.page-link, th a");
        if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
        event.preventDefault();
        load(link.getAttribute("href"), true);
    });
    window.addEventListener("popstate", function () { load(window.location.pathname + window.location.search, false); });

    function load(url, push) {
        return fetch(withHandler(url, "Rows"), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error(String(r.status))); })
            .then(function (html) {
                closeEditor();
                region.innerHTML = html;
                listUrl = url;
                region.setAttribute("data-list-url", url);
                if (push) { window.history.pushState(null, "", url); }
                rememberList();
                hideNews();
                syncSelection();
                var first = region.querySelector("tbody[data-rows] .c-num a");
                var countText = region.querySelector("[data-testid=result-count]");
                say(countText ? countText.textContent.trim() : "");
                var headTotal = document.querySelector("[data-list-total]");
                var total = countText ? Number(countText.getAttribute("data-total")) : NaN;
                if (headTotal && !isNaN(total)) { headTotal.textContent = total.toLocaleString("en-US") + (total === 1 ? " ticket" : " tickets"); }
                if (first) { setCursor(rowOf(first)); first.focus(); }
            })
            .catch(function () { window.location.href = url; });
    }

    // ---- Live updates that never disrupt ----
    function parseRows(html) {
        var table = document.createElement("table");
        var body = document.createElement("tbody");
        table.appendChild(body);
        body.innerHTML = html;
        return Array.prototype.slice.call(body.querySelectorAll("tr[data-id]"));
    }

    function replaceRow(old, fresh, flash) {
        var box = fresh.querySelector("[data-select-row]");
        box.checked = selected.has(box.value);
        fresh.classList.toggle("row-selected", box.checked);
        if (old.getAttribute("data-cursor")) { fresh.setAttribute("data-cursor", "true"); }
        // What the row said of the user's own change ("Saved", "Not saved …") stays when a live update
        // brings the same row again a moment later (the remote's echo of that change): it was said once,
        // to a screen reader too, and should not vanish before it is read.
        var said = old.querySelector(".row-note");
        var title = fresh.querySelector(".c-title");
        if (said && title && !fresh.querySelector(".row-note")) { title.appendChild(said); }
        old.replaceWith(fresh);
        if (flash) {
            fresh.classList.add("row-flash");
            window.setTimeout(function () { fresh.classList.remove("row-flash"); }, 2000);
        }
    }

    // A row that no longer matches fades and says so; it leaves only once nobody is working on it:
    // not selected, not focused, not being edited and not under the pointer (it never vanishes from
    // under a click). Leaving the row, unselecting it or moving the focus away lets it go.
    function fadeOut(row) {
        if (row.classList.contains("row-gone")) { return; }
        var id = row.getAttribute("data-id");
        row.classList.add("row-gone");
        var tag = document.createElement("span");
        tag.className = "row-gone-note";
        tag.textContent = "No longer matches the filters";
        row.querySelector(".c-title").appendChild(tag);
        function busy() {
            return selected.has(id) || row.contains(document.activeElement) || row.matches(":hover") || (editing && editing.row === row);
        }
        function leave() {
            if (!row.isConnected || !row.classList.contains("row-gone") || busy()) { return; }
            var wasCursor = row.getAttribute("data-cursor") === "true";
            row.remove();
            if (wasCursor) { setCursor(null); }
            syncSelection();
        }
        function later() { window.setTimeout(leave, 400); }
        window.setTimeout(function () {
            row.addEventListener("mouseleave", later);
            row.addEventListener("focusout", later);
            row.addEventListener("change", later);
            leave();
        }, 1500);
    }

    function hideNews() {
        pendingFresh = null;
        var news = liveBar.querySelector(".live-news");
        if (news) { news.remove(); }
    }

    function showNews(n) {
        var news = liveBar.querySelector(".live-news");
        if (!news) {
            news = document.createElement("div");
            news.className = "live-news";
            news.innerHTML = "<span data-news-text></span><button type='button' class='btn btn-sm btn-link p-0'>Show</button>";
            news.querySelector("button").addEventListener("click", function () { load(listUrl, false); });
            liveBar.appendChild(news);
        }
        var text = n + (n === 1 ? " new ticket" : " new tickets");
        news.querySelector("[data-news-text]").textContent = text + " —";
        news.querySelector("button").setAttribute("aria-label", "Show " + text);
        say(text + ". Press the Show button to see them.");
    }

    var refreshing = false;
    var again = false;
    function refreshRows(announce) {
        if (refreshing) { again = true; return; }
        refreshing = true;
        fetch(withHandler(listUrl, "Rows"), { credentials: "same-origin" })
            .then(function (r) { return r.ok ? r.text() : null; })
            .then(function (html) {
                if (!html) { return; }
                var doc = document.createElement("div");
                doc.innerHTML = html;
                var freshRows = Array.prototype.slice.call(doc.querySelectorAll("tbody[data-rows] > tr[data-id]"));
                var byId = new Map(freshRows.map(function (r) { return [r.getAttribute("data-id"), r]; }));
                var focused = rowOf(document.activeElement);
                var gone = 0;
                rows().forEach(function (row) {
                    var id = row.getAttribute("data-id");
                    var fresh = byId.get(id);
                    if (!fresh) {
                        fadeOut(row);
                        if (!row.classList.contains("row-gone-said")) { row.classList.add("row-gone-said"); gone++; }
                    } else if ((fresh.getAttribute("data-v") !== row.getAttribute("data-v") || row.classList.contains("row-gone")) && !(editing && editing.row === row)) {
                        var hadFocus = row === focused ? document.activeElement : null;
                        var focusClass = hadFocus ? (hadFocus.closest("td") || {}).className : null;
                        replaceRow(row, fresh, true);
                        if (hadFocus) {
                            var cellClass = String(focusClass).split(" ")[0];
                            var target = fresh.querySelector("td." + cellClass + " a, td." + cellClass + " input") || fresh.querySelector(".c-num a");
                            target.focus({ preventScroll: true });
                        }
                    }
                });
                if (gone > 0) { say(gone + (gone === 1 ? " ticket no longer matches" : " tickets no longer match") + " the filters."); }
                var shown = new Set(rows().map(function (r) { return r.getAttribute("data-id"); }));
                var added = freshRows.filter(function (r) { return !shown.has(r.getAttribute("data-id")); });
                // The count changes with the rows it describes: at once, or when the new ones are shown.
                var total = doc.querySelector("[data-testid=result-count]");
                var mine = region.querySelector("[data-testid=result-count]");
                if (total && mine && added.length === 0) { mine.textContent = total.textContent; mine.setAttribute("data-total", total.getAttribute("data-total")); }
                if (added.length > 0) {
                    pendingFresh = added;
                    showNews(added.length);
                } else if (announce !== false) {
                    hideNews();
                }
            })
            .finally(function () {
                refreshing = false;
                if (again) { again = false; refreshRows(true); }
            });
    }

    // Counts beside the presets and views, and the strip's figures: fetched, never in the page's HTML.
    var countsTimer = 0;
    function refreshCounts() {
        window.clearTimeout(countsTimer);
        countsTimer = window.setTimeout(function () {
            fetch("/Tickets?handler=Counts", { credentials: "same-origin", headers: { "Accept": "application/json" } })
                .then(function (r) { return r.ok ? r.json() : null; })
                .then(function (c) {
                    if (!c) { return; }
                    document.querySelectorAll("[data-count-preset]").forEach(function (el) {
                        var n = c.presets[el.getAttribute("data-count-preset")];
                        el.textContent = n === null || n === undefined ? "" : n.toLocaleString("en-US");
                    });
                    document.querySelectorAll("[data-count-view]").forEach(function (el) {
                        var n = c.views[el.getAttribute("data-count-view")];
                        el.textContent = n === null || n === undefined ? "" : n.toLocaleString("en-US");
                    });
                    Object.keys(c.figures || {}).forEach(function (key) {
                        var el = document.querySelector("[data-figure='" + key + "']");
                        if (el) { el.textContent = c.figures[key]; }
                    });
                });
        }, 300);
    }

    document.addEventListener("ticketing:tickets-changed", function () {
        refreshRows(true);
        refreshCounts();
    });

    // Preferences (columns, density, figures) are saved and the page redrawn in the same place.
    syncSelection();
    refreshCounts();
})();
