"""The KPI pages, one module per topic: KRAs and KPIs (`kpis`), scorecard templates
(`templates`), the targets grid (`targets`), the target breakdown (`breakdown`), scorecards
(`scorecards`) and the "score a sheet" calculator (`sheet`). Setup pages are for managers;
scorecards for everyone in their scope. Every personal page starts from `org.visibility`;
configuration pages answer 404 to anyone who may not configure."""
