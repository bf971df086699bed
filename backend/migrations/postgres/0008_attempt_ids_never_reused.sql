-- the sqlite 0008 makes attempts.id `autoincrement` so that the id of an
-- attempt withdrawn after gateway backpressure is never given to another.
-- here attempts.id is a bigserial: a sequence never hands a value out twice,
-- so nothing changes. this file keeps the two engines' migration numbers
-- aligned.
select 1;
