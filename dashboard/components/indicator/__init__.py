"""The KPI detail page's sections (`dashboard.pages.indicator`), one module per part of the
page: about, headline and trend, breakdowns, comparisons across deprivation and areas, and the
data table. Each builder takes the page's data (`dashboard.views.indicator`) and returns Dash
blocks; none queries the warehouse."""
