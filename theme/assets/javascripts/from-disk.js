// The search page opened from disk (a merge request's artifact, a copied folder): the browser runs
// no module script and fetches no index there, so say plainly that search needs the served site
// instead of waiting for an index forever. A classic script: it runs from file:// too.
if (location.protocol === "file:") {
  document.addEventListener("DOMContentLoaded", function () {
    var status = document.querySelector(".bl-search__status");
    if (status) {
      status.textContent = "从磁盘打开的页面不能检索：检索需要在发布的网站上使用（或运行 bulletin serve）。" +
        "可按单位、主题、往期刊物浏览。";
    }
  });
}
