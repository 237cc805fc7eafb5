// Starts Swagger UI on OnDuty's own OpenAPI description (kept out of the page so no inline script is needed).
window.addEventListener("load", function () {
  var el = document.getElementById("swagger-ui");
  window.ui = SwaggerUIBundle({ url: el.dataset.url, dom_id: "#swagger-ui", deepLinking: true });
});
