// The SPARQL editor works without JavaScript; this only adds Ctrl+Enter and example loading.
(function () {
  var form = document.getElementById("editor");
  var area = document.getElementById("query");
  if (!form || !area) { return; }
  area.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) { form.submit(); }
  });
  document.querySelectorAll("a.example").forEach(function (link) {
    link.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey) { return; }
      event.preventDefault();
      area.value = link.getAttribute("data-query");
      area.focus();
    });
  });
})();
