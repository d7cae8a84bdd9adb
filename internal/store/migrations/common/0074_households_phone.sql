-- A search by mobile number finds the households whose own 联系电话 it is through this index
-- (Registry.Search); without it a search at city scope walked every household.
CREATE INDEX households_phone ON households (phone);
