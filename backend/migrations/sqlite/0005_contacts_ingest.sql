-- the postgresql 0005 drops the foreign key of contacts.campaign_id (its
-- per-row check made large uploads slow there). sqlite keeps it: the check is
-- a rowid lookup that costs little, and removing it would mean rebuilding the
-- contacts table. deleting a campaign deletes its contacts explicitly on both
-- engines (store::campaigns::delete_draft), so the two behave the same; here
-- the cascade simply finds nothing left to do. this file keeps the two
-- engines' migration numbers aligned and changes nothing.
select 1;
