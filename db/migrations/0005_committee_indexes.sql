-- Schema version 5: indexes that let a command read one nämnd without scanning the others.
--
-- A kommun's file holds every nämnd; `ksui summary` or the TUI shows one. Each of these
-- lets a read start from the nämnd (its goal areas, goals, indicators) instead of walking
-- the whole table, so a command costs the same in a file of 32 nämnder as in one of its
-- own.

CREATE INDEX unit_kind ON unit(kind);
CREATE INDEX goal_area_committee ON goal_area(committee_id);
CREATE INDEX goal_by_area ON goal(area_id);
CREATE INDEX indicator_by_goal ON indicator(goal_id);
CREATE INDEX goal_item_by_goal ON goal_item(goal_id);
CREATE INDEX goal_item_by_area ON goal_item(area_id);
