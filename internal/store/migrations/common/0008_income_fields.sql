-- The income items of the 2023 export that gonggu did not keep: 专项用于减少生产经营性支出的补贴,
-- and 纯收入 / 人均纯收入 as the file states them (NULL when it states none: blank is not 0), kept
-- beside the figures gonggu computes from the items so that screening can compare them.
ALTER TABLE incomes ADD COLUMN expense_subsidy BIGINT NOT NULL DEFAULT 0;
ALTER TABLE incomes ADD COLUMN declared_net BIGINT;
ALTER TABLE incomes ADD COLUMN declared_per_capita BIGINT;
