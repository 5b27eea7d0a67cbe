-- 범부처 패키지와 성과관리: the ministries' programs, each confirmed plan's projects with their
-- budget per year and source and their quarterly execution, and the plan's results — goal
-- tracking, measurements with evidence, and the register of supported firms. Amounts are
-- integer 원; times are RFC 3339 text; documents are JSON.

CREATE TABLE programs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    ministry TEXT NOT NULL,
    doc TEXT NOT NULL,
    version INTEGER NOT NULL
);

-- `ministry` is the runner's ministry (NULL for a province's own project), kept beside the
-- runner document so a ministry's portfolio is one indexed query.
CREATE TABLE package_projects (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    name TEXT NOT NULL,
    program_id INTEGER REFERENCES programs (id),
    runner TEXT NOT NULL,
    ministry TEXT,
    total INTEGER NOT NULL CHECK (total >= 0),
    UNIQUE (round, region, name)
);
CREATE INDEX package_projects_by_ministry ON package_projects (ministry);
CREATE INDEX package_projects_by_program ON package_projects (program_id);

CREATE TABLE budget_lines (
    project_id INTEGER NOT NULL REFERENCES package_projects (id),
    year INTEGER NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('national', 'local', 'private')),
    planned INTEGER NOT NULL CHECK (planned >= 0),
    PRIMARY KEY (project_id, year, source)
);

-- One quarter's spending from one source, not a running total.
CREATE TABLE executions (
    project_id INTEGER NOT NULL REFERENCES package_projects (id),
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    source TEXT NOT NULL CHECK (source IN ('national', 'local', 'private')),
    amount INTEGER NOT NULL CHECK (amount >= 0),
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (project_id, year, quarter, source)
);

-- How a plan's goal (by its position in the plan) is tracked: its baseline, the target adopted
-- where the publication states two, and the support kind it is counted from, if any.
CREATE TABLE goal_tracking (
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    goal_no INTEGER NOT NULL,
    doc TEXT NOT NULL,
    set_by TEXT NOT NULL,
    set_at TEXT NOT NULL,
    PRIMARY KEY (round, region, goal_no)
);

CREATE TABLE measurements (
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    goal_no INTEGER NOT NULL,
    year INTEGER NOT NULL,
    quarter INTEGER NOT NULL CHECK (quarter BETWEEN 1 AND 4),
    doc TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    PRIMARY KEY (round, region, goal_no, year, quarter)
);

-- Evidence files, kept once by their digest.
CREATE TABLE evidence_files (
    sha256 TEXT PRIMARY KEY,
    content BLOB NOT NULL
);

CREATE TABLE supported_firms (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    round INTEGER NOT NULL,
    region TEXT NOT NULL,
    project_id INTEGER NOT NULL REFERENCES package_projects (id),
    business_number TEXT NOT NULL,
    name TEXT NOT NULL,
    support TEXT NOT NULL,
    supported_on TEXT NOT NULL,
    entered_by TEXT NOT NULL,
    entered_at TEXT NOT NULL
);
CREATE INDEX supported_firms_by_plan ON supported_firms (round, region, support);
CREATE INDEX supported_firms_by_project ON supported_firms (project_id);
