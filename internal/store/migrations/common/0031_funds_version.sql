-- The version an edit of a project or an asset must name: a new unique value at every write
-- (an import or an edit), so that a form opened before another write is refused.
ALTER TABLE fund_projects ADD COLUMN version TEXT NOT NULL DEFAULT '';
ALTER TABLE fund_assets ADD COLUMN version TEXT NOT NULL DEFAULT '';
