# The two commands of the README. Both set everything up themselves on a fresh machine.
.PHONY: test study install

install:
	tools/install.sh dev

# Install what the tests need, then run every test (notebook examples included, slow ones too).
test: install
	ROUTERLLM_TEST_FLAGS=slow .venv/bin/python -m pytest

# The main job. Until the study runner lands, it verifies the pinned benchmarks and shows what a
# router sees of a task (see README).
study:
	tools/install.sh
	.venv/bin/routerllm data verify
	.venv/bin/routerllm data show HumanEval/0
