// The ticket page (Pages/Tickets/Details). Everything here enhances forms that work without it:
// the composer sends at once and keeps a draft, uploads show their progress, tags become chips.
(function () {
    "use strict";

    function uuid() {
        if (window.crypto && typeof window.crypto.randomUUID === "function") {
            return window.crypto.randomUUID();
        }
        var b = new Uint8Array(16);
        window.crypto.getRandomValues(b);
        b[6] = (b[6] & 0x0f) | 0x40;
        b[8] = (b[8] & 0x3f) | 0x80;
        var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
        return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
    }

    function el(tag, className, text) {
        var node = document.createElement(tag);
        if (className) { node.className = className; }
        if (text !== undefined && text !== null) { node.textContent = text; }
        return node;
    }

    function timeTag(text, exact, iso) {
        var time = el("time", null, text);
        time.setAttribute("datetime", iso);
        time.title = exact;
        return time;
    }

    var announcer = document.querySelector("[data-timeline-announcer]");
    function announce(text) {
        if (!announcer) { return; }
        announcer.textContent = "";
        window.setTimeout(function () { announcer.textContent = text; }, 50);
    }

    // What the composer and the live conversation share: whether a message is on its way (the conversation is not
    // rebuilt under it) and who waits for it to be answered.
    var conversation = { sending: false, whenIdle: null };

    // The list this tab last showed, with its filters (tickets.js keeps it), else the default list.
    function rememberedList() {
        var list = null;
        try { list = window.sessionStorage.getItem("ticketing.list"); } catch (e) { list = null; }
        return list && list.lastIndexOf("/Tickets", 0) === 0 ? list : "/Tickets";
    }

    // Header actions: "Edit ticket" opens the form, "Reply" goes to the composer.
    var edit = document.querySelector("[data-edit]");
    document.querySelectorAll("[data-open-edit]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            if (!edit) { return; }
            event.preventDefault();
            edit.open = true;
            edit.scrollIntoView({ block: "start" });
            var first = edit.querySelector("input:not([type=hidden]), textarea, select");
            if (first) { first.focus(); }
        });
    });
    document.querySelectorAll("[data-focus-composer]").forEach(function (link) {
        link.addEventListener("click", function (event) {
            var body = document.querySelector("[data-composer-body]");
            if (!body) { return; }
            event.preventDefault();
            body.scrollIntoView({ block: "center" });
            body.focus();
        });
    });

    // Keyboard, as on the list: r reply, n internal note, e edit the ticket, u back to the list, ? the list of
    // shortcuts. Never while typing in a field or with a modifier; each is said to screen readers.
    var help = null;
    var showHelp = function () {
        if (help) { help.remove(); help = null; announce("Shortcuts closed."); return; }
        help = el("section", "shortcut-help");
        help.setAttribute("role", "dialog");
        help.setAttribute("aria-label", "Keyboard shortcuts");
        help.setAttribute("data-testid", "shortcut-help");
        help.appendChild(el("h2", "h6", "Keyboard shortcuts"));
        var list = el("dl");
        [["r", "Reply to the requester"], ["n", "Add an internal note"], ["e", "Edit the ticket"], ["u", "Back to the list"], ["?", "Show or hide this list"]].forEach(function (k) {
            var dt = el("dt");
            dt.appendChild(el("kbd", null, k[0]));
            list.appendChild(dt);
            list.appendChild(el("dd", null, k[1]));
        });
        help.appendChild(list);
        var close = el("button", "btn btn-sm btn-outline-secondary mt-2", "Close");
        close.type = "button";
        close.addEventListener("click", showHelp);
        help.appendChild(close);
        document.body.appendChild(help);
        announce("Keyboard shortcuts: r reply, n internal note, e edit, u back to the list, question mark closes.");
    };
    var writeAs = function (visibility) {
        var radio = document.querySelector("[data-visibility][value=" + visibility + "]");
        var text = document.querySelector("[data-composer-body]");
        if (!radio || !text) { return false; }
        if (!radio.checked) { radio.checked = true; radio.dispatchEvent(new Event("change", { bubbles: true })); }
        text.scrollIntoView({ block: "center" });
        text.focus();
        return true;
    };
    document.addEventListener("keydown", function (event) {
        var t = event.target;
        if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
        if (t.closest && t.closest("input, select, textarea, [contenteditable], dialog")) { return; }
        switch (event.key) {
            case "r": if (writeAs("Public")) { event.preventDefault(); } break;
            case "n": if (writeAs("Internal")) { event.preventDefault(); } break;
            case "e":
                if (edit) {
                    event.preventDefault();
                    edit.open = true;
                    edit.scrollIntoView({ block: "start" });
                    var field = edit.querySelector("input:not([type=hidden]), textarea, select");
                    if (field) { field.focus(); }
                }
                break;
            case "u":
                event.preventDefault();
                // Back to the list the reader came from, with its filters and scroll, when they came from it; else to
                // the list this tab last showed (after a save or a reload of this page), else the default list.
                var from = document.referrer ? new URL(document.referrer) : null;
                if (from && from.origin === window.location.origin && from.pathname === "/Tickets" && history.length > 1) { history.back(); break; }
                window.location.href = rememberedList();
                break;
            case "?": event.preventDefault(); showHelp(); break;
            case "Escape": if (help) { event.preventDefault(); showHelp(); } break;
        }
    });

    // "Everything" / "Comments and files only" without a reload, when the page holds everything.
    var timeline = document.querySelector("[data-timeline]");
    var filter = document.querySelector("[data-timeline-filter]");
    if (timeline && filter && timeline.querySelector("[data-kind=event]")) {
        filter.querySelectorAll("a[data-show]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                var only = link.getAttribute("data-show") === "conversation";
                timeline.classList.toggle("only-conversation", only);
                filter.querySelectorAll("a[data-show]").forEach(function (other) {
                    var current = other === link;
                    other.classList.toggle("active", current);
                    if (current) { other.setAttribute("aria-current", "true"); } else { other.removeAttribute("aria-current"); }
                });
                history.replaceState(null, "", link.getAttribute("href"));
                announce(only ? "Showing comments and files only." : "Showing everything, history included.");
            });
        });
    }

    // The composer: a draft per ticket and user in this browser, Ctrl+Enter, "sending…" then confirmed.
    var composer = document.querySelector("[data-composer]");
    if (composer) {
        var body = composer.querySelector("[data-composer-body]");
        var keyInput = composer.querySelector("[data-composer-key]");
        var label = composer.querySelector("[data-composer-label]");
        var send = composer.querySelector("[data-composer-send]");
        var status = composer.querySelector("[data-draft-status]");
        var error = composer.querySelector("[data-composer-error]");
        var radios = composer.querySelectorAll("[data-visibility]");
        var draftKey = composer.getAttribute("data-draft-key");
        var saveTimer = 0;

        var storage = null;
        try { storage = window.localStorage; storage.getItem(draftKey); } catch (e) { storage = null; }

        var isInternal = function () {
            var checked = composer.querySelector("[data-visibility]:checked");
            return !!checked && checked.value === "Internal";
        };
        var showKind = function () {
            var internal = isInternal();
            composer.classList.toggle("composer-internal", internal);
            label.textContent = internal ? "Internal note (only agents see it)" : "Reply (the requester sees it)";
            send.textContent = internal ? "Add internal note" : "Send reply";
        };
        var saveDraft = function () {
            if (!storage) { return; }
            try {
                if (body.value.trim() === "") {
                    storage.removeItem(draftKey);
                    status.textContent = "";
                } else {
                    storage.setItem(draftKey, JSON.stringify({ body: body.value, internal: isInternal(), key: keyInput.value }));
                    status.textContent = "Draft kept in this browser.";
                }
            } catch (e) {
                status.textContent = "";
            }
        };
        var clearDraft = function () {
            if (storage) { try { storage.removeItem(draftKey); } catch (e) { /* nothing kept to clear */ } }
            status.textContent = "";
        };

        // A draft from before a reload comes back with its Idempotency-Key: sending it twice adds it once.
        if (storage && body.value.trim() === "") {
            try {
                var draft = JSON.parse(storage.getItem(draftKey) || "null");
                if (draft && typeof draft.body === "string" && draft.body.length > 0) {
                    body.value = draft.body;
                    if (draft.key) { keyInput.value = draft.key; }
                    radios.forEach(function (r) { r.checked = (r.value === "Internal") === !!draft.internal; });
                    status.textContent = "Your draft was restored.";
                }
            } catch (e) {
                clearDraft();
            }
        }
        showKind();

        body.addEventListener("input", function () {
            window.clearTimeout(saveTimer);
            saveTimer = window.setTimeout(saveDraft, 250);
        });
        radios.forEach(function (r) { r.addEventListener("change", function () { showKind(); saveDraft(); }); });
        body.addEventListener("keydown", function (event) {
            if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
                event.preventDefault();
                composer.requestSubmit ? composer.requestSubmit(send) : send.click();
            }
        });

        var showError = function (text) {
            error.textContent = text;
            error.hidden = !text;
            body.classList.toggle("is-invalid", !!text);
            if (text) {
                body.setAttribute("aria-invalid", "true");
                body.setAttribute("aria-describedby", "composer-help composer-error");
                error.id = "composer-error";
            } else {
                body.removeAttribute("aria-invalid");
                body.setAttribute("aria-describedby", "composer-help");
            }
        };

        var renderComment = function (c, stateText, pending) {
            var li = el("li", "timeline-entry timeline-comment" + (c.internalNote ? " timeline-internal" : "") + (pending ? " timeline-sending" : ""));
            li.setAttribute("data-kind", "conversation");
            li.setAttribute("data-testid", "comment");
            var header = el("div", "comment-header");
            header.appendChild(el("strong", null, c.authorName || "You"));
            if (c.authorEmail) { header.appendChild(el("span", "text-body-secondary small", c.authorEmail)); }
            header.appendChild(el("span", "badge comment-label " + (c.internalNote ? "comment-label-internal" : "comment-label-public"), c.internalNote ? "Internal note" : "Reply"));
            var state = el("span", "comment-status badge text-bg-light border", stateText);
            state.setAttribute("data-comment-state", "");
            header.appendChild(state);
            var when = el("span", "comment-time");
            if (c.iso) { when.appendChild(timeTag(c.time, c.exact, c.iso)); }
            header.appendChild(when);
            li.appendChild(header);
            li.appendChild(el("div", "comment-body", c.body));
            return li;
        };

        composer.addEventListener("submit", function (event) {
            event.preventDefault();
            if (conversation.sending) { return; }
            var text = body.value;
            if (text.trim() === "") {
                showError("Write a message first.");
                body.focus();
                return;
            }
            showError("");
            conversation.sending = true;
            send.disabled = true;
            var internal = isInternal();
            var author = composer.getAttribute("data-author-name");
            var optimistic = renderComment({ authorName: author, internalNote: internal, body: text }, "Sending…", true);
            timeline.appendChild(optimistic);
            announce(internal ? "Sending your internal note…" : "Sending your reply…");
            var token = composer.querySelector("input[name=__RequestVerificationToken]");
            fetch(composer.getAttribute("data-comment-url"), {
                method: "POST",
                credentials: "same-origin",
                headers: {
                    "Content-Type": "application/json",
                    "Accept": "application/json",
                    "RequestVerificationToken": token ? token.value : ""
                },
                body: JSON.stringify({ body: text, visibility: internal ? "internal" : "public", idempotencyKey: keyInput.value })
            }).then(function (response) {
                return response.json().catch(function () { return {}; }).then(function (data) { return { response: response, data: data }; });
            }).then(function (result) {
                var response = result.response, data = result.data;
                if (response.ok && data.comment) {
                    var confirmed = renderComment(data.comment, data.outcome === "queued" ? "Waiting for Championship IT" : "Sent", false);
                    if (data.outcome === "queued") {
                        confirmed.querySelector("[data-comment-state]").className = "comment-status badge text-bg-warning";
                        confirmed.querySelector("[data-comment-state]").title = data.message;
                    }
                    timeline.replaceChild(confirmed, optimistic);
                    body.value = "";
                    keyInput.value = data.nextKey;
                    clearDraft();
                    announce(data.outcome === "queued" ? data.message : (internal ? "Internal note added." : "Reply sent."));
                } else {
                    timeline.removeChild(optimistic);
                    var message = (data.errors && data.errors.join(" ")) || data.detail || "It was not sent. Your draft is kept; try again.";
                    showError(message);
                    announce(message);
                    body.focus();
                }
            }).catch(function () {
                if (optimistic.parentNode) { timeline.removeChild(optimistic); }
                var message = "The dashboard could not be reached, so it was not sent. Your draft is kept; try again.";
                showError(message);
                announce(message);
            }).then(function () {
                conversation.sending = false;
                send.disabled = false;
                if (conversation.whenIdle) { var next = conversation.whenIdle; conversation.whenIdle = null; next(); }
            });
        });
    }

    // Uploads: each file on its own request with a progress bar; the plain form's button is not needed.
    var uploadForm = document.querySelector("[data-upload-form]");
    if (uploadForm && window.FormData && window.XMLHttpRequest) {
        var input = uploadForm.querySelector("[data-upload-input]");
        var zone = uploadForm.querySelector("[data-drop-zone]");
        var progressList = uploadForm.querySelector("[data-upload-progress]");
        var list = document.querySelector("[data-attachment-list]");
        var none = document.querySelector("[data-no-attachments]");
        var submit = uploadForm.querySelector("[data-upload-submit]");
        var tokenInput = uploadForm.querySelector("input[name=__RequestVerificationToken]");
        var url = uploadForm.getAttribute("action");
        var maxBytes = 25 * 1024 * 1024;
        var queue = [];
        var busy = false;
        submit.hidden = true;

        var next = function () {
            if (busy || queue.length === 0) { return; }
            busy = true;
            var item = queue.shift();
            upload(item.file, item.row, function () { busy = false; next(); });
        };

        var finish = function (row, ok, message) {
            var bar = row.querySelector("progress");
            if (bar) { bar.remove(); }
            var state = row.querySelector("[data-upload-state]");
            state.textContent = message;
            state.className = ok ? "text-success-emphasis" : "text-danger-emphasis";
            state.setAttribute("role", ok ? "status" : "alert");
        };

        var addToList = function (fileName, attachmentId) {
            if (!list || !attachmentId) { return; }
            if (none) { none.remove(); }
            var li = el("li");
            li.setAttribute("data-attachment", attachmentId);
            li.setAttribute("data-own-upload", "");
            var link = el("a", "attachment-name", fileName);
            link.href = url + "/" + encodeURIComponent(attachmentId);
            link.setAttribute("download", "");
            li.appendChild(link);
            li.appendChild(el("div", "small text-body-secondary", "Attached just now"));
            list.appendChild(li);
        };

        var addWaiting = function (fileName) {
            if (!list) { return; }
            if (none) { none.remove(); }
            var li = el("li");
            li.setAttribute("data-testid", "waiting-attachment");
            li.appendChild(el("span", "badge text-bg-warning me-1", "Waiting to upload"));
            li.appendChild(document.createTextNode(fileName));
            li.appendChild(el("div", "small text-body-secondary", "Sent as soon as Championship IT answers"));
            list.appendChild(li);
        };

        var upload = function (file, row, done) {
            var xhr = new XMLHttpRequest();
            var bar = row.querySelector("progress");
            xhr.open("POST", url);
            xhr.setRequestHeader("Accept", "application/json");
            xhr.setRequestHeader("RequestVerificationToken", tokenInput ? tokenInput.value : "");
            xhr.setRequestHeader("Idempotency-Key", uuid());
            xhr.upload.addEventListener("progress", function (e) {
                if (e.lengthComputable && bar) {
                    bar.value = Math.round((e.loaded / e.total) * 100);
                    bar.textContent = bar.value + "%";
                }
            });
            xhr.addEventListener("load", function () {
                var data = null;
                try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
                var result = data && data.results && data.results[0];
                if (xhr.status >= 200 && xhr.status < 300 && result) {
                    finish(row, true, result.message);
                    if (result.outcome === "Queued") {
                        addWaiting(result.fileName);
                    } else {
                        addToList(result.fileName, result.attachmentId);
                    }
                } else {
                    finish(row, false, (result && result.message) || (data && data.detail) || "The upload failed. Try again.");
                }
                done();
            });
            xhr.addEventListener("error", function () {
                finish(row, false, "The upload did not reach the dashboard. Try again.");
                done();
            });
            var data = new FormData();
            data.append("files", file, file.name);
            xhr.send(data);
        };

        var take = function (files) {
            Array.prototype.forEach.call(files, function (file) {
                var row = el("li");
                row.setAttribute("data-testid", "upload-row");
                row.appendChild(el("div", "fw-medium", file.name));
                var state = el("div", "small", "Waiting…");
                state.setAttribute("data-upload-state", "");
                if (file.size > maxBytes) {
                    row.appendChild(state);
                    progressList.appendChild(row);
                    finish(row, false, "“" + file.name + "” is larger than 25 MiB, the most Championship IT accepts per file, so it was not uploaded.");
                    return;
                }
                var bar = el("progress");
                bar.max = 100;
                bar.value = 0;
                bar.setAttribute("aria-label", "Uploading " + file.name);
                row.appendChild(bar);
                row.appendChild(state);
                state.textContent = "Uploading…";
                progressList.appendChild(row);
                queue.push({ file: file, row: row });
            });
            next();
        };

        input.addEventListener("change", function () {
            take(input.files);
            input.value = "";
        });
        ["dragenter", "dragover"].forEach(function (name) {
            zone.addEventListener(name, function (event) {
                event.preventDefault();
                zone.classList.add("drop-active");
            });
        });
        ["dragleave", "drop"].forEach(function (name) {
            zone.addEventListener(name, function () { zone.classList.remove("drop-active"); });
        });
        zone.addEventListener("drop", function (event) {
            event.preventDefault();
            if (event.dataTransfer && event.dataTransfer.files) { take(event.dataTransfer.files); }
        });
    }

    // Tags as chips: the comma-separated field stays the form's value; the chips edit it.
    document.querySelectorAll("[data-tag-input]").forEach(function (field) {
        var box = el("div", "form-control tag-editor");
        var entry = el("input");
        entry.type = "text";
        entry.id = field.id + "_entry";
        entry.setAttribute("aria-describedby", field.getAttribute("aria-describedby") || "");
        entry.setAttribute("autocomplete", "off");
        var fieldLabel = document.querySelector("label[for='" + field.id + "']");
        if (fieldLabel) { fieldLabel.setAttribute("for", entry.id); }
        var tags = field.value.split(",").map(function (t) { return t.trim(); }).filter(function (t) { return t.length > 0; });
        field.type = "hidden";
        field.parentNode.insertBefore(box, field.nextSibling);

        var write = function () { field.value = tags.join(", "); };
        var render = function () {
            box.querySelectorAll(".tag-chip").forEach(function (chip) { chip.remove(); });
            tags.forEach(function (tag, index) {
                var chip = el("span", "tag-chip", null);
                chip.appendChild(el("span", null, tag));
                var remove = el("button", null, "×");
                remove.type = "button";
                remove.setAttribute("aria-label", "Remove tag " + tag);
                remove.addEventListener("click", function () {
                    tags.splice(index, 1);
                    write();
                    render();
                    entry.focus();
                    announce("Tag " + tag + " removed.");
                });
                chip.appendChild(remove);
                box.insertBefore(chip, entry);
            });
        };
        var add = function () {
            entry.value.split(",").map(function (t) { return t.trim(); }).forEach(function (t) {
                if (t.length > 0 && tags.indexOf(t) < 0) { tags.push(t); announce("Tag " + t + " added."); }
            });
            entry.value = "";
            write();
            render();
        };
        box.appendChild(entry);
        render();
        entry.addEventListener("keydown", function (event) {
            if (event.key === "Enter" || event.key === ",") {
                event.preventDefault();
                add();
            } else if (event.key === "Backspace" && entry.value === "" && tags.length > 0) {
                var removed = tags.pop();
                write();
                render();
                announce("Tag " + removed + " removed.");
            }
        });
        entry.addEventListener("blur", add);
        box.addEventListener("click", function (event) { if (event.target === box) { entry.focus(); } });
        if (field.form) { field.form.addEventListener("submit", add); }
    });

    // Custom fields: "Add a custom field" appends an empty row; each row can be removed.
    var rows = document.querySelector("[data-custom-rows]");
    var addRow = document.querySelector("[data-add-custom-field]");
    if (rows && addRow) {
        var decorate = function (row) {
            if (row.querySelector("[data-remove-row]")) { return; }
            var cell = el("div", "col-12 col-md-auto");
            cell.setAttribute("data-remove-cell", "");
            var remove = el("button", "btn btn-link btn-sm p-0", "Remove");
            remove.type = "button";
            remove.setAttribute("data-remove-row", "");
            var nameInput = row.querySelector("input");
            remove.setAttribute("aria-label", "Remove custom field " + (nameInput && nameInput.value ? nameInput.value : ""));
            remove.addEventListener("click", function () {
                row.querySelectorAll("input, textarea").forEach(function (f) { f.value = ""; });
                row.hidden = true;
                addRow.focus();
            });
            cell.appendChild(remove);
            row.appendChild(cell);
        };
        rows.querySelectorAll("[data-custom-row]").forEach(decorate);
        addRow.hidden = false;
        addRow.addEventListener("click", function () {
            var all = rows.querySelectorAll("[data-custom-row]");
            var template = all[all.length - 1];
            var index = all.length;
            var copy = template.cloneNode(true);
            copy.hidden = false;
            copy.querySelectorAll("[name], [id], label[for]").forEach(function (f) {
                ["name", "id", "for"].forEach(function (attr) {
                    var value = f.getAttribute(attr);
                    if (value) { f.setAttribute(attr, value.replace(/CustomFields([\[_])\d+/, "CustomFields$1" + index).replace(/field \d+:/, "field " + (index + 1) + ":")); }
                });
                if (f.tagName === "LABEL") { f.textContent = f.textContent.replace(/field \d+:/, "field " + (index + 1) + ":"); }
                if (f.tagName === "INPUT" || f.tagName === "TEXTAREA") { f.value = ""; f.classList.remove("is-invalid"); f.removeAttribute("aria-invalid"); }
            });
            copy.querySelectorAll(".invalid-feedback, [data-remove-cell]").forEach(function (n) { n.parentNode.removeChild(n); });
            rows.appendChild(copy);
            decorate(copy);
            var first = copy.querySelector("input");
            if (first) { first.focus(); }
        });
    }

    // Changed elsewhere: when live updates name this ticket, the page asks what changed against the values it
    // shows (the edit form's original values). The answer (Pages/Tickets/_TicketLive) holds a notice with a reload
    // when a field the page shows changed, the title, badges and facts as they are now, and the conversation: entries
    // the page does not have (new replies and notes, history, files) are shown in place, marked new and announced.
    // Nothing the reader is working on is replaced: the edit form and the composer stay as they are.
    var elsewhere = document.querySelector("[data-changed-elsewhere]");
    var shownValues = document.querySelector("input[name='Input.Original']");
    if (elsewhere && shownValues && window.fetch && window.FormData && window.DOMParser) {
        var ticketId = elsewhere.getAttribute("data-ticket-id");
        var asking = false;
        var askAgain = false;
        var answers = 0;
        var showNotice = function (fresh) {
            elsewhere.textContent = "";
            var box = fresh.querySelector("[data-live-notice] > *");
            if (!box) { return; }
            box = document.importNode(box, true);
            box.querySelectorAll("[data-go]").forEach(function (button) {
                // "Back to the list" (a deleted ticket) goes to the list this tab showed; "Reload" to this page.
                var to = button.getAttribute("data-go");
                button.addEventListener("click", function () { window.location.assign(to === "/Tickets" ? rememberedList() : to); });
            });
            elsewhere.appendChild(box);
        };
        var key = function (entry) { return entry.getAttribute("data-entry") || ""; };
        var bodyOf = function (entry) {
            var text = entry.querySelector(".comment-body");
            return text ? text.textContent.replace(/\r\n?/g, "\n").trim() : "";
        };
        var describe = function (news) {
            var comments = news.filter(function (n) { return n.getAttribute("data-testid") === "comment"; });
            if (news.length === 1 && comments.length === 1) {
                var who = comments[0].querySelector(".comment-header strong");
                var note = comments[0].classList.contains("timeline-internal");
                return "New " + (note ? "internal note" : "reply") + " from " + (who ? who.textContent.trim() : "someone") + " in the conversation.";
            }
            var parts = [];
            if (comments.length > 0) { parts.push(comments.length + (comments.length === 1 ? " new comment" : " new comments")); }
            var others = news.length - comments.length;
            if (others > 0) { parts.push(others + (others === 1 ? " new entry" : " new entries")); }
            return parts.join(" and ") + " in the conversation.";
        };
        // The title, the state under it (status, priority, SLA, assignee, tags) and the side panel's facts are read,
        // not edited: they show what the ticket is now, with a fading ring when they change.
        var squash = function (text) { return (text || "").replace(/\s+/g, " ").trim(); };
        // What a region says, a time by its instant rather than its words ("just now" ages; the instant is the fact).
        var signature = function (region) {
            var copy = region.cloneNode(true);
            copy.querySelectorAll("time[datetime]").forEach(function (time) { time.textContent = time.getAttribute("datetime"); });
            return squash(copy.textContent);
        };
        var refreshRegion = function (fresh, selector) {
            var shown = document.querySelector(selector);
            var now = fresh.querySelector(selector);
            if (shown && now && signature(shown) !== signature(now)) {
                var copy = document.importNode(now, true);
                copy.classList.add("meta-updated");
                shown.parentNode.replaceChild(copy, shown);
            }
        };
        // The SLA cards (likely to breach, SLA by policy) carry a version of what they say: a card that appears,
        // goes or changes is put in place with the ring; a recomputation that changed nothing moves nothing.
        var refreshSlaCards = function (fresh) {
            var shown = document.querySelector("[data-ticket-sla-cards]");
            var now = fresh.querySelector("[data-ticket-sla-cards]");
            if (!shown || !now || shown.getAttribute("data-version") === now.getAttribute("data-version")) { return; }
            var copy = document.importNode(now, true);
            copy.querySelectorAll(".card").forEach(function (card) { card.classList.add("meta-updated"); });
            shown.parentNode.replaceChild(copy, shown);
        };
        // The attachments card gains the files it does not show yet (by id), ringed; a file this page was waiting
        // to upload loses its "Waiting" line once Championship IT has it. Nothing the page shows is rebuilt.
        var mergeAttachments = function (fresh) {
            var list = document.querySelector("[data-attachment-list]");
            var now = fresh.querySelector("[data-live-attachments] [data-attachment-list]");
            if (!list || !now) { return; }
            var shown = {};
            list.querySelectorAll("[data-attachment]").forEach(function (li) { shown[li.getAttribute("data-attachment")] = li; });
            var waitingNow = squash(Array.prototype.map.call(now.querySelectorAll("[data-testid=waiting-attachment]"), function (li) { return li.textContent; }).join(" "));
            now.querySelectorAll("[data-attachment]").forEach(function (li) {
                var mine = shown[li.getAttribute("data-attachment")];
                if (mine && !mine.hasAttribute("data-own-upload")) { return; }
                var name = squash((li.querySelector(".attachment-name") || li).textContent);
                list.querySelectorAll("[data-testid=waiting-attachment]").forEach(function (waiting) {
                    if (squash(waiting.textContent).indexOf(name) >= 0 && waitingNow.indexOf(name) < 0) { waiting.remove(); }
                });
                var copy = document.importNode(li, true);
                if (mine) {
                    // This page's own upload, shown at once as "Attached just now": the answer's line replaces it, unmarked.
                    list.replaceChild(copy, mine);
                } else {
                    copy.classList.add("meta-updated");
                    list.appendChild(copy);
                }
            });
            var none = document.querySelector("[data-no-attachments]");
            if (none && list.children.length > 0) { none.remove(); }
            var count = document.querySelector("[data-attachment-count]");
            if (count) { count.textContent = "(" + list.querySelectorAll("[data-attachment]").length + ")"; }
        };
        var refreshHeader = function (fresh) {
            refreshRegion(fresh, "[data-ticket-meta]");
            refreshRegion(fresh, "[data-ticket-facts]");
            refreshSlaCards(fresh);
            mergeAttachments(fresh);
            var title = document.querySelector("[data-ticket-title]");
            var freshTitle = fresh.querySelector("[data-live-title]");
            if (title && freshTitle && title.textContent !== freshTitle.textContent) {
                document.title = document.title.replace(title.textContent, freshTitle.textContent);
                title.textContent = freshTitle.textContent;
            }
        };
        // New entries are inserted where they belong; the entries the page has are kept as they are (their "New"
        // marks, a focused link), so nothing the reader is on moves or is rebuilt.
        var mergeConversation = function (fresh) {
            var list = fresh.querySelector("[data-live-timeline]");
            if (!list || !timeline) { return; }
            var entries = Array.prototype.slice.call(list.children);
            var local = {};
            var current = {};
            timeline.querySelectorAll("[data-entry]").forEach(function (n) { local[key(n)] = n; });
            entries.forEach(function (n) { current[key(n)] = true; });
            if (entries.every(function (n) { return local[key(n)]; })) { return; }
            // The page's own messages (sent from here, without a key yet, or shown as queued) stay as the page shows
            // them, with their "Sent" or "Waiting" state: they come back as news of the ticket, but not news to the writer.
            var own = Array.prototype.slice.call(timeline.querySelectorAll("[data-testid=comment]")).filter(function (n) {
                return !key(n) || (key(n).lastIndexOf("queued:", 0) === 0 && !current[key(n)]);
            });
            var takeOwn = function (entry) {
                if (entry.getAttribute("data-testid") !== "comment") { return null; }
                for (var i = 0; i < own.length; i++) {
                    if (bodyOf(own[i]) === bodyOf(entry)) { return own.splice(i, 1)[0]; }
                }
                return null;
            };
            var news = [];
            var previous = null;
            entries.forEach(function (n) {
                var node = local[key(n)];
                if (!node) {
                    node = takeOwn(n);
                    if (node) {
                        node.setAttribute("data-entry", key(n));
                    } else {
                        node = document.importNode(n, true);
                        node.classList.add("timeline-new");
                        var header = node.querySelector(".comment-header");
                        if (header) { header.insertBefore(el("span", "badge text-bg-primary", "New"), header.querySelector(".comment-time")); }
                        news.push(node);
                    }
                    var before = previous ? previous.nextSibling : timeline.firstChild;
                    if (node !== before) { timeline.insertBefore(node, before); }
                }
                previous = node;
            });
            if (news.length > 0) {
                announce(describe(news));
                // In a background tab the title counts what arrived until the reader comes back: "(2) IT-…".
                if (document.hidden) {
                    unseen += news.length;
                    document.title = "(" + unseen + ") " + document.title.replace(/^\(\d+\) /, "");
                }
            }
        };
        var unseen = 0;
        document.addEventListener("visibilitychange", function () {
            if (document.hidden || unseen === 0) { return; }
            unseen = 0;
            document.title = document.title.replace(/^\(\d+\) /, "");
        });
        var ask = function () {
            if (asking) { askAgain = true; return; }
            // A message on its way is in the conversation as "Sending…": ask when it has its answer.
            if (conversation.sending) { conversation.whenIdle = ask; return; }
            asking = true;
            var token = document.querySelector("input[name=__RequestVerificationToken]");
            var form = new FormData();
            form.append("original", shownValues.value);
            fetch(elsewhere.getAttribute("data-changes-url"), {
                method: "POST",
                credentials: "same-origin",
                headers: { "Accept": "text/html", "RequestVerificationToken": token ? token.value : "" },
                body: form
            }).then(function (r) { return r.ok ? r.text() : null; })
                .then(function (html) {
                    if (html === null) { return; }
                    if (conversation.sending) { askAgain = true; return; }
                    var fresh = new DOMParser().parseFromString(html, "text/html");
                    showNotice(fresh);
                    refreshHeader(fresh);
                    mergeConversation(fresh);
                })
                .catch(function () { /* A convenience: the page works as it was. */ })
                .then(function () {
                    // How many answers the page has had: tests wait on it rather than on time.
                    elsewhere.setAttribute("data-answers", String(++answers));
                    asking = false;
                    if (askAgain) { askAgain = false; ask(); }
                });
        };
        // The dispatcher names at most this many tickets a batch: a full batch may have left this one out.
        var noticesPerBatch = Number(elsewhere.getAttribute("data-notices-per-batch")) || 1;
        document.addEventListener("ticketing:tickets-changed", function (e) {
            var changes = e.detail || [];
            if (changes.length >= noticesPerBatch || changes.some(function (c) { return c.ticketId === ticketId; })) { ask(); }
        });
    }
})();
