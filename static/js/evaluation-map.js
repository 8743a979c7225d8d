// The evaluations map: countries of the vendored Natural Earth topology (ids = ISO 3166
// numeric) shaded by their number of evaluations, each a link to the list of its
// evaluations. Drawn as SVG attributes only (the CSP allows no inline style or script); the
// table below the map carries the same figures without JavaScript.
document.addEventListener("DOMContentLoaded", () => {
  const figure = document.getElementById("evaluation-map");
  const source = document.getElementById("evaluation-map-data");
  if (!figure || !source || !window.d3 || !window.topojson) return;
  const rows = JSON.parse(source.textContent);
  const byId = new Map(rows.map((r) => [String(r.id).padStart(3, "0"), r]));
  const most = Math.max(1, ...rows.map((r) => r.count));
  const shades = ["#dfe6fb", "#a9bbf2", "#6f8de6", "#3456c8", "#1e2dbe"];
  const shade = (count) => shades[Math.min(shades.length - 1,
    Math.floor(((count - 1) / most) * shades.length))];
  fetch(figure.dataset.topology).then((response) => response.json()).then((world) => {
    const countries = topojson.feature(world, world.objects.countries);
    const width = 960, height = 500;
    const projection = d3.geoNaturalEarth1().fitSize([width, height], countries);
    const path = d3.geoPath(projection);
    const ns = "http://www.w3.org/2000/svg";
    const svg = document.createElementNS(ns, "svg");
    svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", figure.dataset.label);
    for (const feature of countries.features) {
      const row = byId.get(String(feature.id));
      const shape = document.createElementNS(ns, "path");
      shape.setAttribute("d", path(feature) || "");
      shape.setAttribute("fill", row ? shade(row.count) : "#eef0f4");
      shape.setAttribute("stroke", "#ffffff");
      shape.setAttribute("stroke-width", "0.5");
      if (row) {
        const link = document.createElementNS(ns, "a");
        link.setAttribute("href", row.url);
        const title = document.createElementNS(ns, "title");
        title.textContent = `${row.name}: ${row.count}`;
        link.appendChild(title);
        link.appendChild(shape);
        link.classList.add("map-country");
        svg.appendChild(link);
      } else {
        svg.appendChild(shape);
      }
    }
    figure.insertBefore(svg, figure.firstChild);
  });
});
