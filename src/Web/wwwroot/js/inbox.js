// The notification inbox (Pages/Notifications). Notifications that arrive while it is open are counted in a
// bar ("2 new notifications — Show") rather than inserted under the reader; Show opens the first page of the
// same filters. The page works the same without JavaScript.
(function () {
    "use strict";
    var bar = document.querySelector("[data-inbox-news]");
    if (!bar) { return; }
    var count = 0;
    document.addEventListener("ticketing:notifications-arrived", function (event) {
        // The bar says it here; the toast other pages show would repeat it.
        event.preventDefault();
        count += Number(event.detail) || 1;
        bar.textContent = "";
        var news = document.createElement("span");
        news.className = "live-news";
        news.setAttribute("data-testid", "inbox-news");
        news.appendChild(document.createTextNode(count === 1 ? "1 new notification" : count + " new notifications"));
        var show = document.createElement("a");
        show.className = "btn btn-sm btn-primary py-0";
        show.href = bar.getAttribute("data-show-url");
        show.textContent = "Show";
        news.appendChild(show);
        bar.appendChild(news);
    });
})();
