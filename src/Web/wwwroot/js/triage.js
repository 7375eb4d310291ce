// The create form's suggestions: asked for after the title or description has stopped changing for a
// moment, shown beside the fields, and applied only when a suggestion's button is pressed.
(function () {
    "use strict";

    var region = document.querySelector("[data-triage-region]");
    if (!region || !window.fetch) {
        return;
    }

    var form = region.closest("form");
    var title = form.querySelector("#Input_Title");
    var description = form.querySelector("#Input_Description");
    var department = form.querySelector("#Input_Department");
    var timer = 0;
    var asked = "";
    var controller = null;

    function ask() {
        var text = (title.value || "").trim();
        var body = (description.value || "").trim();
        if (text.length < 3 && body.length < 10) {
            return;
        }
        var query = new URLSearchParams({ handler: "Suggest", title: text.slice(0, 500), description: body.slice(0, 4000), department: (department.value || "").trim().slice(0, 200) });
        var url = region.getAttribute("data-triage-url") + "?" + query.toString();
        if (url === asked) {
            return;
        }
        asked = url;
        if (controller) {
            controller.abort();
        }
        controller = new AbortController();
        fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin", signal: controller.signal })
            .then(function (response) { return response.ok ? response.text() : ""; })
            .then(function (html) {
                // Replacing the region must not take the focus from a suggestion being pressed.
                if (region.contains(document.activeElement)) {
                    return;
                }
                region.innerHTML = html;
            })
            .catch(function () { });
    }

    function later() {
        window.clearTimeout(timer);
        timer = window.setTimeout(ask, 500);
    }

    title.addEventListener("input", later);
    description.addEventListener("input", later);
    department.addEventListener("change", later);

    region.addEventListener("click", function (event) {
        var button = event.target.closest("button[data-triage-field]");
        if (!button) {
            return;
        }
        var field = form.querySelector("#" + button.getAttribute("data-triage-field"));
        if (!field) {
            return;
        }
        field.value = button.getAttribute("data-triage-value");
        field.dispatchEvent(new Event("change", { bubbles: true }));
        // The pressed one gets a tick as well as its colour, so the state is not told by colour alone.
        button.closest("[role=group]").querySelectorAll("button[data-triage-field]").forEach(function (other) {
            if (!other.hasAttribute("data-triage-text")) {
                other.setAttribute("data-triage-text", other.textContent);
            }
            var pressed = other === button;
            other.setAttribute("aria-pressed", pressed ? "true" : "false");
            other.textContent = (pressed ? "✓ " : "") + other.getAttribute("data-triage-text");
        });
        var announce = region.querySelector("[data-triage-announce]");
        if (announce) {
            announce.textContent = button.getAttribute("data-triage-label") + " set to " + button.getAttribute("data-triage-text").split(" — ")[0] + ".";
        }
    });
})();
