#!/usr/bin/env bash
# Every speed measurement of bench/RESULTS.md, in one sitting, one after the other.
# Run it on an otherwise idle machine: bash bench/speed_suite.sh runs/bench
set -euo pipefail
out=${1:-runs/bench}
mkdir -p "$out"
cd "$(dirname "$0")/.."
export TF_CPP_MIN_LOG_LEVEL=3
python bench/train_throughput.py --sweep steps --steps 40 > "$out/steps.jsonl"  # medians over 40 steps: less timing noise than 20
# bfloat16 asked for explicitly: the same as auto on a bf16 CPU; on an AVX2-only CPU, what it costs there
python bench/train_throughput.py --family dcgan --precision mixed_bfloat16 --steps 3 --warmup 1 > "$out/bf16.jsonl"
python bench/train_throughput.py --sweep families --steps 20 > "$out/families.jsonl"
python bench/train_throughput.py --sweep batch --steps 10 > "$out/batch.jsonl"
python bench/train_throughput.py --family pix2pix --steps 20 --hparams g_max_filters=256 > "$out/pix2pix.jsonl"
python bench/train_throughput.py --family srgan --steps 5 --hparams adversarial_weight=0 > "$out/sr.jsonl"
python bench/train_throughput.py --family srgan --steps 5 >> "$out/sr.jsonl"
python bench/train_throughput.py --family esrgan --steps 3 --hparams perceptual_weight=0 >> "$out/sr.jsonl"  # VGG weights: offline here
python bench/generation_throughput.py --preset dcgan_mnist > "$out/generation.jsonl"
