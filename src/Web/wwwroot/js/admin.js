// The admin pages' scripts: charts drawn (Chart.js) from the table in each figure, which the server
// rendered and which stays the text alternative (hidden only visually once the chart is drawn), and
// the copy button of a newly generated webhook secret. No inline scripts: the pages' policy forbids them.
(function () {
    "use strict";

    // Okabe–Ito colours, told apart with most colour-vision deficiencies; labels and tables carry the meaning.
    const colours = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00"];
    const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    function readTable(table) {
        const headers = Array.from(table.tHead.rows[0].cells);
        const series = headers
            .map((th, index) => ({ th: th, index: index }))
            .filter((h) => h.th.hasAttribute("data-series"))
            .map((h) => ({ name: h.th.getAttribute("data-series"), axis: h.th.getAttribute("data-axis") || "y", index: h.index }));
        const rows = Array.from(table.tBodies[0].rows);
        return {
            labels: rows.map((row) => row.cells[0].textContent.trim()),
            series: series.map((s) => ({
                name: s.name,
                axis: s.axis,
                values: rows.map((row) => {
                    const raw = row.cells[s.index].getAttribute("data-value");
                    return raw === null || raw === "" ? null : Number(raw);
                }),
            })),
        };
    }

    function draw(figure) {
        const table = figure.querySelector("[data-chart-table]");
        const box = figure.querySelector("[data-chart-box]");
        const text = figure.querySelector("[data-chart-text]");
        if (!table || !box || !text || typeof window.Chart === "undefined") {
            return;
        }

        const model = readTable(table);
        const type = figure.getAttribute("data-admin-chart") === "line" ? "line" : "bar";
        const scales = { x: { ticks: { autoSkip: true, maxRotation: 0 } } };
        model.series.forEach((s) => {
            scales[s.axis] = {
                beginAtZero: true,
                position: s.axis === "y1" ? "right" : "left",
                title: { display: true, text: s.name },
                grid: { drawOnChartArea: s.axis !== "y1" },
            };
        });

        box.classList.remove("d-none");
        new window.Chart(box.querySelector("canvas"), {
            type: type,
            data: {
                labels: model.labels,
                datasets: model.series.map((s, i) => ({
                    label: s.name,
                    data: s.values,
                    yAxisID: s.axis,
                    borderColor: colours[i % colours.length],
                    backgroundColor: colours[i % colours.length],
                    borderDash: i === 0 ? [] : [6, 4],
                    spanGaps: true,
                    pointStyle: i === 0 ? "circle" : "rectRot",
                })),
            },
            options: {
                maintainAspectRatio: false,
                animation: reducedMotion ? false : undefined,
                interaction: { mode: "index", intersect: false },
                plugins: { legend: { display: model.series.length > 1 } },
                scales: scales,
            },
        });
        // Still read by screen readers; the chart itself is hidden from them (aria-hidden on the canvas).
        text.classList.add("visually-hidden");
    }

    document.querySelectorAll("figure[data-admin-chart]").forEach(draw);

    document.querySelectorAll("[data-copy-target]").forEach((button) => {
        button.addEventListener("click", () => {
            const field = document.getElementById(button.getAttribute("data-copy-target"));
            if (!field) {
                return;
            }

            const done = () => {
                button.textContent = "Copied";
            };
            if (navigator.clipboard && window.isSecureContext) {
                navigator.clipboard.writeText(field.value).then(done, () => field.select());
            } else {
                // Without the clipboard API (plain http): select it for the user to copy.
                field.select();
            }
        });
    });
})();
