// Draws the consultations and amount of every edition from the page's JSON data (no inline
// script: the data comes in a json_script element).
document.addEventListener("DOMContentLoaded", function () {
  const source = document.getElementById("edition-chart-data");
  const canvas = document.getElementById("edition-chart");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    data: {
      labels: data.labels,
      datasets: [
        { type: "bar", label: data.consultationsLabel, data: data.consultations, yAxisID: "count" },
        { type: "line", label: data.amountLabel, data: data.amounts, yAxisID: "amount" },
      ],
    },
    options: {
      scales: {
        count: { type: "linear", position: "left", beginAtZero: true },
        amount: { type: "linear", position: "right", beginAtZero: true, grid: { drawOnChartArea: false } },
      },
    },
  });
});
