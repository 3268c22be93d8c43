-- Salescope schema, version 3: the outlook's deal roles (KPI catalog sections 1 and 7).

-- A deal's forecast category as the CRM exported it, normalised to closed, commit,
-- best_case, pipeline or omitted (NULL: no category column, or a label Salescope
-- does not know; the stage decides then, through the forecast_category.* settings),
-- and its probability as a fraction (a 0-100 column is divided by 100 on import).
ALTER TABLE deals ADD COLUMN forecast_category TEXT
    CHECK (forecast_category IN ('closed', 'commit', 'best_case', 'pipeline', 'omitted'));
ALTER TABLE deals ADD COLUMN probability REAL;
