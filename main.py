"""GAN Zoo command line: list | train | generate | evaluate | export.

    python main.py list
    python main.py train dcgan --dataset mnist --epochs 2 --out runs/dcgan
    python main.py generate dcgan_mnist --num 64 --seed 0 --out grid.png
    python main.py evaluate dcgan_mnist --metrics fid,kid,is,pr --num 10000 --seed 0
    python main.py export dcgan_mnist --out exported/dcgan_mnist

User errors print one line (`error: ...`) and exit with status 2; set
GAN_ZOO_DEBUG=1 to see the traceback instead.
"""

import argparse
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def import_tensorflow_quietly():
    """Imports TensorFlow with stderr muted: its C++ start-up lines (oneDNN, CUDA probing) bypass
    TF_CPP_MIN_LOG_LEVEL and would bury our one-line errors. Python exceptions still surface."""
    if os.environ.get("GAN_ZOO_DEBUG"):
        return
    saved, devnull = os.dup(2), os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        import tensorflow as tf

        tf.config.list_physical_devices()
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


class Parser(argparse.ArgumentParser):
    def error(self, message):
        raise UserError(f"{message}; see python main.py {self.prog.split()[-1]} --help".replace("main.py main.py", "main.py"))


def build_parser():
    parser = Parser(prog="main.py", description="GAN Zoo: train, sample, export GANs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    commands.add_parser("list", help="list models and presets")

    train = commands.add_parser("train", help="train a model with fit")
    train.add_argument("model", help="model name (see list)")
    train.add_argument("--dataset", default="mnist", help="dataset name (default mnist)")
    train.add_argument("--data-dir", help="folder with the dataset's files (MNIST: the four IDX .gz files)")
    train.add_argument("--epochs", type=int, default=1)
    train.add_argument("--out", required=True, help="run folder")
    train.add_argument("--resume", action="store_true", help="continue the run in --out from its checkpoint")
    train.add_argument("--overwrite", action="store_true", help="replace an existing run in --out")
    train.add_argument("--steps-per-epoch", type=int, help="steps per epoch (the data repeats)")
    train.add_argument("--batch-size", type=int)
    train.add_argument("--latent-dim", type=int)
    train.add_argument("--lr", type=float, help="learning rate of both networks")
    train.add_argument("--seed", type=int)
    train.add_argument("--loss", help="adversarial objective (GANLoss kind)")
    train.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="any hyperparameter")
    train.add_argument("--fid-every", type=int, default=0, metavar="N",
                       help="log fid2k/kid2k (MNIST classifier features) every N epochs; 0: off")
    train.add_argument("--verbose", default="auto", help="Keras verbosity: auto, 0, 1 or 2")

    generate = commands.add_parser("generate", help="sample images from a preset or run folder")
    generate.add_argument("preset", help="preset name or preset folder (a run's preset/)")
    generate.add_argument("--num", type=int, default=64)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--out", required=True, help=".png grid or .npz with uint8 images")
    generate.add_argument("--labels", help="class ids for conditional models, repeated to fill --num: 0,1,2")
    generate.add_argument("--code", type=int, help="InfoGAN categorical code for every image")
    generate.add_argument("--continuous", help="InfoGAN continuous codes for every image: 0.5,-1")
    generate.add_argument("--sweep", type=int, metavar="K",
                          help="InfoGAN: a grid sweeping continuous code K (-2..2) along each row, one row per category")

    evaluate = commands.add_parser("evaluate", help="FID, KID, IS, precision/recall of a generator")
    evaluate.add_argument("preset", help="preset name, preset or run folder; 'real' (MNIST train images) "
                          "or 'noise' (uniform noise) for reference values")
    evaluate.add_argument("--metrics", default="fid,kid,is,pr", help="comma-separated: fid,kid,is,pr")
    evaluate.add_argument("--num", type=int, default=10000, help="generated samples (metric names carry it)")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--reference", default="test", choices=["test", "train"], help="real split")
    evaluate.add_argument("--dataset", default="mnist", help="real images: mnist, or mnist_sample (bundled)")
    evaluate.add_argument("--data-dir", help="folder with the MNIST IDX .gz files")
    evaluate.add_argument("--feature-network", default="mnist", choices=["mnist", "inception"])
    evaluate.add_argument("--inception-weights", help="local InceptionV3 ImageNet .h5 file (offline use)")
    evaluate.add_argument("--json-out", help="also write the JSON result to this file")
    evaluate.add_argument("--write-metadata", action="store_true",
                          help="record the numbers in the preset's metadata.json and model card")

    export = commands.add_parser("export", help="write a TensorFlow SavedModel of a generator")
    export.add_argument("preset", help="preset name or preset folder")
    export.add_argument("--out", required=True, help="SavedModel folder (must not exist)")
    return parser


def resolve_model_source(name):
    """A preset name/folder, or a training run folder (its preset/ subfolder)."""
    run_preset = os.path.join(str(name), "preset")
    return run_preset if os.path.isfile(os.path.join(run_preset, "config.json")) else name


def cmd_list(args):
    from models import MODELS, list_presets

    print("models:")
    for name, cls in MODELS.items():
        print(f"  {name:<16} {cls.description}")
    print("presets:")
    for name, description in list_presets().items():
        print(f"  {name:<16} {description}")
    print("feature networks:")
    print(f"  {'mnist_classifier':<16} MNIST classifier whose features the digit FID/KID/PR/IS use (evaluate)")


def cmd_train(args, argv):
    from models import get_model_class
    from models.training import train

    if args.epochs < 1:
        raise UserError("--epochs must be at least 1")
    cls = get_model_class(args.model)
    hparams = cls.default_hparams().update_from_strings(args.hparams)
    flags = {"batch_size": args.batch_size, "latent_dim": args.latent_dim, "seed": args.seed, "loss": args.loss}
    flags.update({"g_lr": args.lr, "d_lr": args.lr} if args.lr is not None else {})
    overrides = {k: v for k, v in hparams.items() if v != cls.default_hparams()[k]}
    overrides.update({k: v for k, v in flags.items() if v is not None})
    hparams.update(**overrides)  # validates flag values (types, loss names)
    verbose = int(args.verbose) if args.verbose.isdigit() else args.verbose
    train(args.model, dataset=args.dataset, out_dir=args.out, epochs=args.epochs, overrides=overrides,
          data_dir=args.data_dir, steps_per_epoch=args.steps_per_epoch, resume=args.resume,
          overwrite=args.overwrite, command="python main.py " + " ".join(argv), verbose=verbose,
          fid_every=args.fid_every)
    print(f"run written to {args.out} (preset: {os.path.join(args.out, 'preset')})")


def _int_list(text, flag):
    try:
        return [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserError(f"{flag} expects comma-separated integers, got {text!r}") from None


def _float_list(text, flag):
    try:
        return [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserError(f"{flag} expects comma-separated numbers, got {text!r}") from None


def cmd_generate(args):
    import numpy as np

    from models import load_preset
    from utils.images import save_images

    if args.num < 1:
        raise UserError("--num must be at least 1")
    if os.path.splitext(args.out)[1].lower() not in (".png", ".npz"):
        raise UserError(f"unsupported output {args.out!r}: use a .png or .npz file name")
    model = load_preset(resolve_model_source(args.preset))
    codes = {}
    if args.code is not None:
        codes["categorical"] = args.code
    if args.continuous:
        codes["continuous"] = _float_list(args.continuous, "--continuous")
    labels = _int_list(args.labels, "--labels") if args.labels else None
    if (codes or args.sweep is not None) and not hasattr(model, "code_inputs"):
        raise UserError(f"{args.preset} has no codes; --code, --continuous and --sweep are for InfoGAN presets")
    if labels is not None and not hasattr(model, "num_classes"):
        raise UserError(f"{args.preset} is not conditional; --labels is for cgan presets")
    extra, columns = {}, model.grid_columns()
    if args.sweep is not None:
        inputs = model.sweep_inputs(args.sweep, seed=args.seed)
        images, columns = model.images_from_inputs(inputs), 10
        extra = {"categorical": inputs[1], "continuous": inputs[2]}
    else:
        images = model.generate(args.num, labels=labels, seed=args.seed, codes=codes or None)
        if hasattr(model, "num_classes"):
            extra["labels"] = np.resize(np.asarray(labels if labels is not None else np.arange(model.num_classes)),
                                        args.num).astype("int32")
        if hasattr(model, "code_inputs"):
            category, continuous = model.code_inputs(args.num, codes or None, args.seed)
            extra = {"categorical": category, "continuous": continuous}
    save_images(images, args.out, columns=columns, **(extra if args.out.endswith(".npz") else {}))
    print(f"wrote {len(images)} images to {args.out}")


def cmd_export(args):
    from models import load_preset

    model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
    model.export(args.out)
    print(f"SavedModel written to {args.out} (signature 'serve')")


def cmd_evaluate(args, argv):
    import json

    import numpy as np

    from custom_train_objects.metrics import METRICS, evaluate_images, get_feature_network
    from datasets import load_arrays

    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    unknown = sorted(set(metrics) - set(METRICS) - {"cond"})
    if unknown or not metrics:
        raise UserError(f"unknown metric(s) {', '.join(unknown) or '(none)'}; valid metrics: "
                        f"{', '.join(METRICS)}, cond (conditional models)")
    if args.num < 10:
        raise UserError("--num must be at least 10")
    start = time.time()
    real, _ = load_arrays(args.dataset, args.reference, args.data_dir)
    network = get_feature_network(args.feature_network, args.inception_weights or "imagenet")
    rng = np.random.default_rng(args.seed)
    if args.preset == "real":
        train, _ = load_arrays(args.dataset, "train", args.data_dir)
        fake = train[rng.choice(len(train), min(args.num, len(train)), replace=False)]
        source = f"{args.dataset} train images (real-vs-real reference)"
    elif args.preset == "noise":
        fake = rng.integers(0, 256, size=(args.num, *real.shape[1:]), dtype=np.uint8)
        source = "uniform noise (reference)"
    else:
        from models import load_preset

        model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
        if list(model.image_shape) != list(real.shape[1:]) and args.feature_network == "mnist":
            raise UserError(f"{args.preset} makes {list(model.image_shape)} images; the MNIST metrics need [28, 28, 1]")
        fake = model.generate(args.num, seed=args.seed)
        source = args.preset
    sample_metrics = [m for m in metrics if m != "cond"]
    result = evaluate_images(real, fake, sample_metrics, network, seed=args.seed) if sample_metrics else {}
    if "cond" in metrics:
        from custom_train_objects.metrics.conditional import measure_conditioning

        if args.preset in ("real", "noise") or not (hasattr(model, "num_classes") or hasattr(model, "code_inputs")):
            raise UserError("--metrics cond needs a conditional preset (cgan or infogan)")
        result.update(measure_conditioning(model, network, seed=args.seed))
    result.update(source=source, num_samples=len(fake), seed=args.seed, seconds=round(time.time() - start, 1),
                  reference=f"{args.dataset} {args.reference} set ({len(real)} images)")
    text = json.dumps(result)
    print(text)
    if args.json_out:
        with open(args.json_out, "w") as f:
            f.write(json.dumps(result, indent=2) + "\n")
    if args.write_metadata:
        from models.presets import record_metrics

        if args.preset in ("real", "noise"):
            raise UserError("--write-metadata needs a preset or run folder")
        measured = {k: v for k, v in result.items() if k not in ("seed", "seconds", "source")}
        record_metrics(resolve_model_source(args.preset), measured, "python main.py " + " ".join(argv))


COMMANDS = {"list": cmd_list, "generate": cmd_generate, "export": cmd_export}


def main(argv=None):
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser().parse_args(argv)
        import_tensorflow_quietly()
        if args.command in ("train", "evaluate"):
            {"train": cmd_train, "evaluate": cmd_evaluate}[args.command](args, argv)
        else:
            COMMANDS[args.command](args)
    except (UserError, ValueError, OSError, KeyboardInterrupt) as error:
        if os.environ.get("GAN_ZOO_DEBUG"):
            raise
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
