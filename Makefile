# The two commands of the README. Both set everything up themselves on a fresh machine.
.PHONY: test study install

install:
	tools/install.sh dev

# Install what the tests need, then run every test (notebook examples included, slow ones too) on two
# workers (pyproject.toml's addopts). A plain `.venv/bin/python -m pytest` runs the fast tier only (no model
# weights, no training).
test: install
	ROUTERLLM_TEST_FLAGS=slow .venv/bin/python -m pytest

# The main job: the study on its embedded default (params/route.yaml, generate.yaml, figures.yaml) into
# outputs/, then the report into _report/ (index.html, index.pdf). Re-running resumes finished runs.
study:
	tools/install.sh hf,study,carbon
	.venv/bin/routerllm study
