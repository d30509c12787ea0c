-- Schema version 17: the year's recorded (period, measure) pairs without reading its rows (issue 17).
--
-- The Kommunen screen asks first which follow-ups and measures a kommun has figures of in
-- a year. With the index on (year, period) only, that meant reading every index entry of
-- the year (150 000 in a kommun of 6 000 units) to find some 30 pairs. With the measure
-- in the index after the period, SQLite steps from one pair to the next. Every query
-- the old index served by (year, period) this one serves by the same prefix; no figure
-- changes, only how they are found.

DROP INDEX drift_year_period;
CREATE INDEX drift_year_period_measure ON drift_figure(year, period, measure);
