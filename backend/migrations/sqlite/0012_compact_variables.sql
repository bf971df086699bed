-- a contact's variables are stored compactly: the row holds a json array of
-- its values and the campaign holds their names once, in variable_names
-- (store::variables). a campaign created from now on starts with no names;
-- the campaigns already here keep rows that are json objects, marked by
-- variable_names null, until their list is next replaced.
alter table campaigns add column variable_names text default '[]';
update campaigns set variable_names = null;
