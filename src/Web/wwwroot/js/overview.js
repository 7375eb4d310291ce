// The Overview's charts and their refresh. Each chart is drawn (Chart.js) from the table in its
// figure, which the server rendered and which stays the text alternative: once the chart is drawn
// the table is only hidden visually, so screen readers still read it. Every two minutes the figures
// are fetched again and the KPI cards, tables and charts are updated in place.
(function () {
    "use strict";

    const section = document.querySelector("[data-overview-charts]");
    if (!section || typeof window.Chart === "undefined") {
        // Without Chart.js the tables stay visible: the page still shows every figure.
        return;
    }

    const refreshEvery = 2 * 60 * 1000;
    const refreshUrl = section.getAttribute("data-refresh-url");
    const counts = new Intl.NumberFormat("en-US");
    const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)").matches;

    // Okabe–Ito colours, told apart with most colour-vision deficiencies; the axis labels, the
    // legend's point styles and the tables carry the meaning, colour only helps.
    const palettes = {
        // open, in progress, pending, on hold, resolved, closed, cancelled
        status: ["#0072B2", "#56B4E9", "#E69F00", "#CC79A7", "#009E73", "#4D4D4D", "#B3B3B3"],
        // low to critical: light to dark, then red
        priority: ["#B3B3B3", "#56B4E9", "#E69F00", "#D55E00", "#A50F15"],
        single: ["#0072B2"],
        flow: ["#0072B2", "#D55E00"],
    };

    // The JSON's lists, as the same shape the tables give: labels and one list of counts per column.
    const fromJson = {
        byStatus: (c) => countsModel(c.byStatus),
        byPriority: (c) => countsModel(c.byPriority),
        byCategory: (c) => countsModel(c.byCategory),
        byDepartment: (c) => countsModel(c.byDepartment),
        createdVsResolved: (c) => ({
            labels: c.createdVsResolved.map((d) => d.label),
            days: c.createdVsResolved.map((d) => d.day),
            columns: [c.createdVsResolved.map((d) => d.created), c.createdVsResolved.map((d) => d.resolved)],
        }),
    };

    function countsModel(list) {
        return { labels: list.map((x) => x.label), days: null, columns: [list.map((x) => x.count)] };
    }

    function readTable(table) {
        const rows = Array.from(table.tBodies[0].rows);
        const names = Array.from(table.tHead.rows[0].cells).slice(1).map((th) => th.textContent.trim());
        const time = (row) => row.cells[0].querySelector("time");
        return {
            names: names,
            labels: rows.map((row) => row.cells[0].textContent.trim()),
            days: rows.length > 0 && time(rows[0]) ? rows.map((row) => time(row).dateTime) : null,
            columns: names.map((_, i) => rows.map((row) => Number(row.cells[i + 1].getAttribute("data-count")))),
        };
    }

    function writeTable(table, model) {
        const body = document.createElement("tbody");
        model.labels.forEach((label, r) => {
            const row = body.insertRow();
            const header = document.createElement("th");
            header.scope = "row";
            if (model.days) {
                const time = document.createElement("time");
                time.dateTime = model.days[r];
                time.textContent = label;
                header.appendChild(time);
            } else {
                header.textContent = label;
            }
            row.appendChild(header);
            model.columns.forEach((column) => {
                const cell = row.insertCell();
                cell.className = "text-end";
                cell.setAttribute("data-count", String(column[r]));
                cell.textContent = counts.format(column[r]);
            });
        });
        table.replaceChild(body, table.tBodies[0]);
    }

    function colours(palette, n) {
        return Array.from({ length: n }, (_, i) => palette[i % palette.length]);
    }

    function config(type, paletteName, model, names) {
        const palette = palettes[paletteName] || palettes.single;
        const integerTicks = { beginAtZero: true, ticks: { precision: 0 } };
        const common = {
            responsive: true,
            maintainAspectRatio: false,
            animation: reducedMotion ? false : { duration: 400 },
        };

        if (type === "line") {
            const styles = [
                { pointStyle: "circle", borderDash: [] },
                { pointStyle: "triangle", borderDash: [6, 4] },
            ];
            return {
                type: "line",
                data: {
                    labels: model.labels,
                    datasets: model.columns.map((values, i) => ({
                        label: names[i],
                        data: values,
                        borderColor: palette[i % palette.length],
                        backgroundColor: palette[i % palette.length],
                        pointStyle: styles[i % styles.length].pointStyle,
                        borderDash: styles[i % styles.length].borderDash,
                        pointRadius: 3,
                        tension: 0,
                    })),
                },
                options: Object.assign(common, {
                    interaction: { mode: "index", intersect: false },
                    plugins: { legend: { position: "bottom", labels: { usePointStyle: true } } },
                    scales: { y: integerTicks, x: { ticks: { autoSkip: true, maxRotation: 0 } } },
                }),
            };
        }

        const horizontal = type === "hbar";
        return {
            type: "bar",
            data: {
                labels: model.labels,
                datasets: [{
                    label: names[0],
                    data: model.columns[0],
                    backgroundColor: colours(palette, model.labels.length),
                }],
            },
            options: Object.assign(common, {
                indexAxis: horizontal ? "y" : "x",
                plugins: { legend: { display: false } },
                scales: horizontal ? { x: integerTicks } : { y: integerTicks },
            }),
        };
    }

    const figures = Array.from(section.querySelectorAll("figure[data-chart]")).map((figure) => {
        const table = figure.querySelector("[data-chart-table]");
        const box = figure.querySelector("[data-chart-box]");
        const model = readTable(table);
        box.classList.remove("d-none");
        const chart = new window.Chart(box.querySelector("canvas"),
            config(figure.getAttribute("data-chart-type"), figure.getAttribute("data-chart-palette"), model, model.names));
        // On a wrapper: a table will not shrink to the 1px box that visually-hidden relies on.
        figure.querySelector("[data-chart-text]").classList.add("visually-hidden");
        return { key: figure.getAttribute("data-chart"), table: table, chart: chart, palette: figure.getAttribute("data-chart-palette") };
    });

    function render(data) {
        document.querySelectorAll("[data-kpi-text]").forEach((element) => {
            const text = data.cards[element.getAttribute("data-kpi-text")];
            if (typeof text === "string") {
                element.textContent = text;
            }
        });

        const empty = document.querySelector("[data-overview-empty]");
        if (empty && !data.kpis.isEmpty) {
            empty.remove();
        }

        figures.forEach((f) => {
            const toModel = fromJson[f.key];
            if (!toModel) {
                return;
            }
            const model = toModel(data.charts);
            writeTable(f.table, model);
            f.chart.data.labels = model.labels;
            model.columns.forEach((values, i) => {
                f.chart.data.datasets[i].data = values;
            });
            if (f.chart.config.type === "bar") {
                f.chart.data.datasets[0].backgroundColor = colours(palettes[f.palette] || palettes.single, model.labels.length);
            }
            f.chart.update();
        });
    }

    let due = false;

    function refresh(fresh) {
        if (document.hidden) {
            // A tab in the background waits; it refreshes as soon as it is looked at again.
            due = true;
            return;
        }
        due = false;
        fetch(fresh === true ? refreshUrl + "?fresh=true" : refreshUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
            .then((response) => {
                const json = (response.headers.get("Content-Type") || "").indexOf("application/json") !== -1;
                // A signed-out session is answered with the login page, not JSON: keep the figures shown.
                return response.ok && json ? response.json() : null;
            })
            .then((data) => {
                if (data) {
                    render(data);
                }
            })
            .catch(() => {
                // Offline or the server restarting: the next refresh tries again.
            })
            .finally(() => { if (fresh !== true) { schedule(); } });
    }

    function schedule() {
        window.setTimeout(refresh, refreshEvery);
    }

    document.addEventListener("visibilitychange", () => {
        if (!document.hidden && due) {
            refresh();
        }
    });

    // A live update (live.js) says tickets changed: fetch the new figures now.
    document.addEventListener("ticketing:tickets-changed", () => refresh(true));

    schedule();
})();
