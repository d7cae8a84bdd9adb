-- A search by the first characters of a name (Registry.Search: name LIKE 'prefix%') reads this
-- index whatever the database's collation; persons_name serves it only under the C collation.
CREATE INDEX persons_name_prefix ON persons (name text_pattern_ops);
