-- 0008 the public-data annotation catalogue (公共数据标注目录, DESIGN §2.6, issue 8): the agencies that hold the
-- data, the entries the secretariat curates, the vendors' interest in them, and the orders made from them.
-- Forward-only: never edit this file once applied anywhere; add a later migration instead.
--
-- The vocabularies (sector, update frequency, sharing and open types, data level, annotation status, units) are
-- packages/domain's catalogue.ts; the checks below refuse anything else. Only published entries are public and
-- indexed: the triggers at the end queue an entry for the search worker whenever it is, or stops being, published.

CREATE TABLE agencies (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name        text NOT NULL CONSTRAINT agencies_name_check CHECK (name = btrim(name) AND length(name) BETWEEN 2 AND 100),
  -- what people call it: 大数据局, 市教体局
  short_name  text NULL CONSTRAINT agencies_short_name_check CHECK (short_name = btrim(short_name) AND length(short_name) BETWEEN 1 AND 30),
  name_en     text NULL CONSTRAINT agencies_name_en_check CHECK (length(btrim(name_en)) BETWEEN 2 AND 200),
  kind        text NOT NULL CONSTRAINT agencies_kind_check CHECK (kind IN ('government', 'institution', 'state_enterprise', 'other')),
  -- the county or district of a county-level agency; null for the city's
  county      text NULL,
  created_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at  timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT agencies_name_key UNIQUE (name)
);
CREATE UNIQUE INDEX agencies_short_name_key ON agencies (short_name) WHERE short_name IS NOT NULL;

CREATE TABLE catalogue_entries (
  id                     uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- secretariat-assigned resource code, e.g. LC-JY-0001 (imports upsert by it)
  code                   text NOT NULL
    CONSTRAINT catalogue_entries_code_check CHECK (code ~ '^[A-Z][A-Z0-9]{0,9}(-[A-Z0-9]{1,10}){1,3}$' AND length(code) <= 30),
  title                  text NOT NULL CONSTRAINT catalogue_entries_title_check CHECK (length(btrim(title)) BETWEEN 2 AND 200),
  -- Markdown as written (sanitised on render)
  summary                text NOT NULL DEFAULT '',
  agency_id              uuid NOT NULL REFERENCES agencies (id) ON DELETE RESTRICT,
  sector                 text NOT NULL CONSTRAINT catalogue_entries_sector_check CHECK (sector IN (
    'education', 'science_technology', 'manufacturing', 'culture_tourism', 'health', 'agriculture', 'transport', 'government',
    'urban_management', 'environment', 'other')),
  modality               text NOT NULL
    CONSTRAINT catalogue_entries_modality_check CHECK (modality IN ('image', 'video', 'point_cloud', 'text', 'audio', 'multimodal')),
  -- suggested annotation tasks (the order's task types)
  task_types             text[] NOT NULL DEFAULT '{}',
  volume_quantity        bigint NULL CONSTRAINT catalogue_entries_volume_quantity_check CHECK (volume_quantity > 0),
  volume_unit            text NULL CONSTRAINT catalogue_entries_volume_unit_check CHECK (volume_unit IN (
    'records', 'documents', 'images', 'frames', 'hours', 'items', 'tokens', 'gb')),
  coverage_from          date NULL,
  coverage_to            date NULL,
  update_frequency       text NOT NULL CONSTRAINT catalogue_entries_update_frequency_check CHECK (update_frequency IN (
    'realtime', 'daily', 'weekly', 'monthly', 'quarterly', 'semiannual', 'annual', 'irregular')),
  sharing_type           text NOT NULL
    CONSTRAINT catalogue_entries_sharing_type_check CHECK (sharing_type IN ('unconditional', 'conditional', 'not_shared')),
  open_type              text NOT NULL
    CONSTRAINT catalogue_entries_open_type_check CHECK (open_type IN ('unconditional', 'conditional', 'not_open')),
  data_level             text NOT NULL CONSTRAINT catalogue_entries_data_level_check CHECK (data_level IN ('general', 'important', 'core')),
  contains_personal_info boolean NOT NULL DEFAULT false,
  access_conditions      text NOT NULL DEFAULT '',
  annotation_status      text NOT NULL DEFAULT 'pending'
    CONSTRAINT catalogue_entries_annotation_status_check CHECK (annotation_status IN ('pending', 'in_progress', 'completed')),
  county                 text NULL,
  tags                   text[] NOT NULL DEFAULT '{}',
  -- shown to verified members only; never indexed
  contact_name           text NULL,
  contact_phone          text NULL,
  contact_email          text NULL,
  status                 text NOT NULL DEFAULT 'draft'
    CONSTRAINT catalogue_entries_status_check CHECK (status IN ('draft', 'published', 'archived')),
  -- first publication (kept when unpublished: the code is then fixed) and the last archiving
  published_at           timestamptz NULL,
  archived_at            timestamptz NULL,
  -- optimistic concurrency: every change of the row bumps it
  version                integer NOT NULL DEFAULT 1,
  created_by             uuid NULL,
  updated_by             uuid NULL,
  created_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at             timestamptz NOT NULL DEFAULT clock_timestamp(),
  CONSTRAINT catalogue_entries_code_key UNIQUE (code),
  CONSTRAINT catalogue_entries_volume_pair CHECK ((volume_quantity IS NULL) = (volume_unit IS NULL)),
  CONSTRAINT catalogue_entries_coverage_order CHECK (coverage_from IS NULL OR coverage_to IS NULL OR coverage_from <= coverage_to),
  CONSTRAINT catalogue_entries_contact_name CHECK (contact_name IS NOT NULL OR (contact_phone IS NULL AND contact_email IS NULL)),
  CONSTRAINT catalogue_entries_published_at CHECK (status <> 'published' OR published_at IS NOT NULL),
  CONSTRAINT catalogue_entries_archived_at CHECK (status <> 'archived' OR archived_at IS NOT NULL)
);
-- the secretariat's lists (any status), newest change first or by code (the unique index)
CREATE INDEX catalogue_entries_status_updated_idx ON catalogue_entries (status, updated_at DESC, id DESC);
CREATE INDEX catalogue_entries_updated_idx ON catalogue_entries (updated_at DESC, id DESC);
CREATE INDEX catalogue_entries_agency_idx ON catalogue_entries (agency_id);

-- A verified vendor's interest in an entry (a lead for the secretariat): one per organisation and entry.
CREATE TABLE catalogue_interests (
  entry_id      uuid NOT NULL REFERENCES catalogue_entries (id) ON DELETE CASCADE,
  vendor_org_id uuid NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
  note          text NOT NULL DEFAULT '',
  -- annotators the firm would put on the data, and items a day it could deliver
  headcount     integer NOT NULL CONSTRAINT catalogue_interests_headcount_check CHECK (headcount BETWEEN 1 AND 100000),
  daily_items   bigint NULL CONSTRAINT catalogue_interests_daily_items_check CHECK (daily_items BETWEEN 1 AND 1000000000),
  created_by    uuid NULL,
  created_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  updated_at    timestamptz NOT NULL DEFAULT clock_timestamp(),
  PRIMARY KEY (entry_id, vendor_org_id)
);
CREATE INDEX catalogue_interests_vendor_idx ON catalogue_interests (vendor_org_id, updated_at DESC);

-- Orders started from an entry link back to it (the column came with 0002, waiting for this table). Until now the
-- API took any id there; no entry existed for one to name.
UPDATE orders SET catalogue_entry_id = NULL WHERE catalogue_entry_id IS NOT NULL;
ALTER TABLE orders
  ADD CONSTRAINT orders_catalogue_entry_fkey FOREIGN KEY (catalogue_entry_id) REFERENCES catalogue_entries (id) ON DELETE SET NULL;
CREATE INDEX orders_catalogue_entry_idx ON orders (catalogue_entry_id, created_at DESC, id DESC) WHERE catalogue_entry_id IS NOT NULL;

-- The city's agencies that hold public data (the secretariat adds more).
INSERT INTO agencies (name, short_name, name_en, kind) VALUES
  ('聊城市大数据局', '市大数据局', 'Liaocheng Big Data Bureau', 'government'),
  ('聊城市大数据中心', '市大数据中心', 'Liaocheng Big Data Center', 'institution'),
  ('聊城市教育和体育局', '市教体局', 'Liaocheng Education and Sports Bureau', 'government'),
  ('聊城市科学技术局', '市科技局', 'Liaocheng Science and Technology Bureau', 'government'),
  ('聊城市工业和信息化局', '市工信局', 'Liaocheng Industry and Information Technology Bureau', 'government'),
  ('聊城市文化和旅游局', '市文旅局', 'Liaocheng Culture and Tourism Bureau', 'government'),
  ('聊城市卫生健康委员会', '市卫健委', 'Liaocheng Health Commission', 'government'),
  ('聊城市农业农村局', '市农业农村局', 'Liaocheng Agriculture and Rural Affairs Bureau', 'government'),
  ('聊城市交通运输局', '市交通运输局', 'Liaocheng Transport Bureau', 'government'),
  ('聊城市公安局交通警察支队', '市交警支队', 'Liaocheng Traffic Police Detachment', 'government'),
  ('聊城市行政审批服务局', '市行政审批局', 'Liaocheng Administrative Approval Service Bureau', 'government'),
  ('聊城市综合行政执法局', '市综合执法局', 'Liaocheng Comprehensive Administrative Law Enforcement Bureau', 'government'),
  ('聊城市生态环境局', '市生态环境局', 'Liaocheng Ecology and Environment Bureau', 'government'),
  ('聊城市自然资源和规划局', '市自然资源和规划局', 'Liaocheng Natural Resources and Planning Bureau', 'government'),
  ('聊城市人力资源和社会保障局', '市人社局', 'Liaocheng Human Resources and Social Security Bureau', 'government'),
  ('聊城市市场监督管理局', '市市场监管局', 'Liaocheng Market Supervision Administration', 'government'),
  ('聊城市住房和城乡建设局', '市住建局', 'Liaocheng Housing and Urban-Rural Development Bureau', 'government'),
  ('聊城市水利局', '市水利局', 'Liaocheng Water Resources Bureau', 'government'),
  ('聊城市应急管理局', '市应急局', 'Liaocheng Emergency Management Bureau', 'government'),
  ('聊城市医疗保障局', '市医保局', 'Liaocheng Healthcare Security Administration', 'government'),
  ('聊城市气象局', '市气象局', 'Liaocheng Meteorological Bureau', 'institution'),
  ('聊城市档案馆', '市档案馆', 'Liaocheng Archives', 'institution'),
  ('聊城市12345政务服务便民热线', '12345热线', 'Liaocheng 12345 Government Service Hotline', 'institution'),
  ('聊城市人民医院', '市人民医院', 'Liaocheng People''s Hospital', 'institution'),
  ('聊城大学', '聊大', 'Liaocheng University', 'institution'),
  ('聊城市公共交通集团有限公司', '聊城公交', 'Liaocheng Public Transport Group', 'state_enterprise');

-- ---------------------------------------------------------------------------------------------------------
-- Search: published entries are indexed (as migration 0003 does for orders); an entry leaving publication is
-- removed. An agency's names are part of its entries' documents.

CREATE FUNCTION catalogue_entries_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status = 'published' THEN PERFORM search_touch('search.catalogue', 'catalogue_entry', OLD.id::text); END IF;
    RETURN NULL;
  END IF;
  IF NEW.status = 'published' OR (TG_OP = 'UPDATE' AND OLD.status = 'published') THEN
    PERFORM search_touch('search.catalogue', 'catalogue_entry', NEW.id::text);
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER catalogue_entries_search_touch AFTER INSERT OR UPDATE OR DELETE ON catalogue_entries
  FOR EACH ROW EXECUTE FUNCTION catalogue_entries_search_touch();

CREATE FUNCTION agencies_search_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.name IS DISTINCT FROM NEW.name OR OLD.short_name IS DISTINCT FROM NEW.short_name
     OR OLD.name_en IS DISTINCT FROM NEW.name_en OR OLD.kind IS DISTINCT FROM NEW.kind THEN
    PERFORM search_touch('search.catalogue', 'catalogue_entry', e.id::text)
    FROM catalogue_entries e WHERE e.agency_id = NEW.id AND e.status = 'published';
  END IF;
  RETURN NULL;
END;
$$;
CREATE TRIGGER agencies_search_touch AFTER UPDATE ON agencies
  FOR EACH ROW EXECUTE FUNCTION agencies_search_touch();
