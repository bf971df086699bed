-- each operator's own settings (issue 12): the IANA zone the app shows
-- times in; null follows the browser's zone.
alter table users add column display_timezone text;
