-- 범부처 패키지와 성과관리: the ministries' programs, each confirmed plan's projects with their
-- budget per year and source and their quarterly execution, and the plan's results — goal
-- tracking, measurements with evidence, and the register of supported firms. Amounts are
-- integer 원; times are RFC 3339 text; documents are JSON.

CREATE TABLE programs (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    ministry TEXT NOT NULL,
    doc TEXT NOT NULL,
    version BIGINT NOT NULL
);

-- `ministry` is the runner's ministry (NULL for a province's own project), kept beside the
-- runner document so a ministry's portfolio is one indexed query.
CREATE TABLE package_projects (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    program_id BIGINT REFERENCES programs (id),
    runner TEXT NOT NULL,
    ministry TEXT,
    total BIGINT NOT NULL CHECK (total >= 0),
    UNIQUE (round, region, name)
);
CREATE INDEX package_projects_by_ministry ON package_projects (ministry);
CREATE INDEX package_projects_by_program ON package_projects (program_id);

CREATE TABLE budget_lines (
    project_id BIGINT NOT NULL REFERENCES package_projects (id),
    year BIGINT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('national', 'local', 'private')),
    planned BIGINT NOT NULL CHECK (planned >= 0),
    PRIMARY KEY (project_id, year, source)
);

-- One quarter's spending from one source, not a running total.
CREATE TABLE executions (
    project_id BIGINT NOT NULL REFERENCES package_projects (id),
    year BIGINT NOT NULL,
    quarter BIGINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    source TEXT NOT NULL CHECK (source IN ('national', 'local', 'private')),
    amount BIGINT NOT NULL CHECK (amount >= 0),
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (project_id, year, quarter, source)
);

-- How a plan's goal (by its position in the plan) is tracked: its baseline, the target adopted
-- where the publication states two, and the support kind it is counted from, if any.
CREATE TABLE goal_tracking (
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    goal_no BIGINT NOT NULL,
    doc TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (round, region, goal_no)
);

CREATE TABLE measurements (
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    goal_no BIGINT NOT NULL,
    year BIGINT NOT NULL,
    quarter BIGINT NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    doc TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (round, region, goal_no, year, quarter)
);

-- Evidence files, kept once by their digest.
CREATE TABLE evidence_files (
    sha256 TEXT PRIMARY KEY,
    content BYTEA NOT NULL
);

CREATE TABLE supported_firms (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    round BIGINT NOT NULL,
    region TEXT NOT NULL,
    project_id BIGINT NOT NULL REFERENCES package_projects (id),
    business_number TEXT NOT NULL,
    name TEXT NOT NULL,
    support TEXT NOT NULL,
    supported_on TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX supported_firms_by_plan ON supported_firms (round, region, support);
CREATE INDEX supported_firms_by_project ON supported_firms (project_id);
