"""GAN Zoo command line: list | train | generate | translate | upscale | interpolate | evaluate | promote | export.

    python main.py list
    python main.py train dcgan --dataset mnist --epochs 2 --out runs/dcgan
    python main.py generate dcgan_mnist --num 64 --seed 0 --out grid.png
    python main.py translate pix2pix_facades --input label.png --out photo.png
    python main.py upscale srresnet_x4 --input low.png --out high.png
    python main.py evaluate dcgan_mnist --metrics fid,kid,is,pr --num 10000 --seed 0
    python main.py promote runs/dcgan dcgan_mnist --hardware "..." --notes "..."
    python main.py export dcgan_mnist --out exported/dcgan_mnist

User errors print one line (`error: ...`) and exit with status 2; set
GAN_ZOO_DEBUG=1 to see the traceback instead.
"""

import os
import sys
import time

import numpy as np

from utils.command_line import UserError, build_parser, shell_command

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


def resolve_model_source(name):
    from utils.files import resolve_model_source as resolve

    return resolve(name)


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
    print(f"  {'cifar10_classifier':<16} CIFAR-10 classifier for colour-image metrics (evaluate --dataset cifar10)")


def cmd_train(args, argv):
    from models import get_model_class
    from models.training import train

    for flag, value, low in (("--epochs", args.epochs, 1), ("--steps-per-epoch", args.steps_per_epoch, 1),
                             ("--batch-size", args.batch_size, 1), ("--latent-dim", args.latent_dim, 1),
                             ("--fid-every", args.fid_every, 0), ("--seed", args.seed, 0)):
        if value is not None and value < low:
            raise UserError(f"{flag} must be at least {low}, got {value}")
    args.model = args.model or resumed_model_name(args)
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
          overwrite=args.overwrite, command=shell_command("python main.py", argv), verbose=verbose,
          fid_every=args.fid_every, precision=args.precision, jit_compile=args.jit_compile, strategy=args.strategy,
          data_options=image_options(args), init_generator=args.init_generator)
    print(f"run written to {args.out} (preset: {os.path.join(args.out, 'preset')})")


def resumed_model_name(args):
    """The model of the run in --out, for `train --resume` without a model name."""
    from models.run_folder import is_run_folder, read_run

    if not args.resume:
        raise UserError("the following arguments are required: model; see python main.py train --help")
    if not is_run_folder(args.out):
        raise UserError(f"--resume: {args.out} holds no run (no run.json, no checkpoint); start one with "
                        f"python main.py train MODEL --out {args.out}")
    name = read_run(args.out).get("model")
    if not name:
        raise UserError(f"--resume: {args.out} has no run.json naming its model; give the model name: "
                        f"python main.py train MODEL --out {args.out} --resume")
    return name


def image_options(args):
    """The --dataset images settings given on the command line (empty for other datasets)."""
    options = {"image_size": args.image_size, "channels": args.channels,
               "labels_from_folders": args.labels_from_folders or None, "skip_bad_images": args.skip_bad_images or None}
    options = {k: v for k, v in options.items() if v is not None}
    if options and (args.dataset or "mnist") != "images":
        raise UserError("--image-size, --channels, --labels-from-folders and --skip-bad-images are for "
                        "--dataset images")
    if (args.dataset or "") == "images" and not args.resume:
        options = {"image_size": 64, "channels": 3, **options}
    return options


def _int_list(text, flag):
    try:
        values = [int(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserError(f"{flag} expects comma-separated integers, got {text!r}") from None
    if not values or any(abs(v) > 2**31 for v in values):
        raise UserError(f"{flag} expects comma-separated class ids such as 0,1,2, got {text!r}")
    return values


def _float_list(text, flag):
    try:
        values = [float(v) for v in text.split(",") if v.strip()]
    except ValueError:
        raise UserError(f"{flag} expects comma-separated numbers, got {text!r}") from None
    if not values or not all(abs(v) < float("inf") for v in values):
        raise UserError(f"{flag} expects comma-separated finite numbers, got {text!r}")
    return values


def check_fits_in_memory(num, image_shape, flag="--num"):
    """Refuses an image count whose float32 arrays would not fit in the memory this machine has free."""
    from utils.files import available_memory_bytes

    needed = 3 * 4 * num * int(np.prod(image_shape))  # float32 images, a copy, and uint8 output, generously
    free = available_memory_bytes()
    if free and needed > free:
        raise UserError(f"{flag} {num} needs about {needed / 2**30:.1f} GiB for {list(image_shape)} images but "
                        f"{free / 2**30:.1f} GiB is free; ask for fewer")


def check_output_file(path, flag="--out"):
    """An output file's folder must exist before any work is done."""
    folder = os.path.dirname(os.path.abspath(path))
    if not os.path.isdir(folder):
        raise UserError(f"{flag} {path}: folder {folder} does not exist; create it first")
    if os.path.isdir(path):
        raise UserError(f"{flag} {path} is a folder; give a file name")


def cmd_generate(args):
    from models import load_preset
    from utils.images import save_images

    if args.num < 1:
        raise UserError("--num must be at least 1")
    if os.path.splitext(args.out)[1].lower() not in (".png", ".npz"):
        raise UserError(f"unsupported output {args.out!r}: use a .png or .npz file name")
    check_output_file(args.out)
    model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
    check_fits_in_memory(args.num, model.image_shape)
    if model.paired:
        raise UserError(f"{args.preset} translates images; use python main.py translate {args.preset} "
                        "--input FILE_OR_DIR --out FILE_OR_DIR")
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
    from custom_train_objects.metrics import METRICS, evaluate_images, get_feature_network
    from datasets import load_arrays

    if args.json_out:
        check_output_file(args.json_out, "--json-out")
    if args.preset not in ("real", "noise") and _is_paired_source(args.preset):
        from models.image_commands import evaluate_image_to_image

        return write_evaluation(evaluate_image_to_image(args), args, argv)
    args.dataset = args.dataset or "mnist"
    metrics = [m.strip() for m in args.metrics.split(",") if m.strip()]
    unknown = sorted(set(metrics) - set(METRICS) - {"cond"})
    if unknown or not metrics:
        raise UserError(f"unknown metric(s) {', '.join(unknown) or '(none)'}; valid metrics: "
                        f"{', '.join(METRICS)}, cond (conditional models)")
    if args.num < 10:
        raise UserError("--num must be at least 10")
    start = time.time()
    real, _ = load_arrays(args.dataset, args.reference, args.data_dir)
    args.feature_network = args.feature_network or ("cifar10" if args.dataset == "cifar10" else "mnist")
    network = get_feature_network(args.feature_network, args.inception_weights or "imagenet")
    rng = np.random.default_rng(args.seed)
    if args.preset == "real":
        train, _ = load_arrays(args.dataset, "train", args.data_dir)
        fake = train[rng.choice(len(train), min(args.num, len(train)), replace=False)]
        source = f"{args.dataset} train images (real-vs-real reference)"
    elif args.preset == "noise":
        check_fits_in_memory(args.num, real.shape[1:])
        fake = rng.integers(0, 256, size=(args.num, *real.shape[1:]), dtype=np.uint8)
        source = "uniform noise (reference)"
    else:
        from models import load_preset

        model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
        check_fits_in_memory(args.num, model.image_shape)
        needs = {"mnist": [28, 28, 1], "cifar10": [32, 32, 3]}.get(args.feature_network)
        if needs and list(model.image_shape) != needs:
            raise UserError(f"{args.preset} makes {list(model.image_shape)} images; the {args.feature_network} "
                            f"classifier's metrics need {needs} (or use --feature-network inception)")
        fake = model.generate(args.num, seed=args.seed)
        source = args.preset
    sample_metrics = [m for m in metrics if m != "cond"]
    result = evaluate_images(real, fake, sample_metrics, network, seed=args.seed) if sample_metrics else {}
    if "cond" in metrics:
        from custom_train_objects.metrics.conditional import measure_conditioning

        if args.preset in ("real", "noise") or not (hasattr(model, "num_classes") or hasattr(model, "code_inputs")):
            raise UserError("--metrics cond needs a conditional preset (cgan or infogan)")
        result.update(measure_conditioning(model, network, seed=args.seed, num_images=args.num))
    result.update(source=source, num_samples=len(fake), seed=args.seed, seconds=round(time.time() - start, 1),
                  reference=f"{args.dataset} {args.reference} set ({len(real)} images)")
    write_evaluation(result, args, argv)


def _is_paired_source(name):
    """Whether a preset name or folder holds an image-to-image model (read from its config, no weights)."""
    from models import MODELS
    from models.presets import PresetError, resolve_preset
    from utils.files import read_json

    try:
        config = read_json(os.path.join(resolve_preset(resolve_model_source(name)), "config.json"))
    except (PresetError, OSError, ValueError):
        return False  # load_preset reports it properly
    classes = {cls.__name__: cls for cls in MODELS.values()}
    return isinstance(config, dict) and getattr(classes.get(config.get("class_name")), "paired", False)


def write_evaluation(result, args, argv):
    """Prints the JSON result; writes it to --json-out and the preset's metadata when asked."""
    import json

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
        if "scale" in result:  # super-resolution: one set of numbers per benchmark (set5_psnr, set14_psnr, ...)
            measured = {(k if k in ("protocol", "scale") else f"{result['dataset']}_{k}"): v
                        for k, v in measured.items() if k != "dataset"}
        record_metrics(resolve_model_source(args.preset), measured, shell_command("python main.py", argv))


def cmd_promote(args):
    from models.presets import promote_run

    folder = promote_run(args.run, args.name, hardware=args.hardware, notes=args.notes)
    print(f"{args.run} shipped as {args.name} ({folder}); its metrics are cleared: measure it with "
          f"python main.py evaluate {args.name} --num 10000 --seed 0 --write-metadata")


def cmd_translate(args):
    from models.image_commands import convert_images

    print(convert_images(args.preset, args.input, args.out, kind="translate", seed=args.seed,
                         no_dropout=args.no_dropout))


def cmd_upscale(args):
    from models.image_commands import convert_images

    print(convert_images(args.preset, args.input, args.out, kind="upscale"))


def cmd_interpolate(args):
    from models.image_commands import interpolate_presets

    print(interpolate_presets(args.preset_a, args.preset_b, args.alpha, args.out))


COMMANDS = {"list": cmd_list, "generate": cmd_generate, "export": cmd_export, "translate": cmd_translate,
            "upscale": cmd_upscale, "interpolate": cmd_interpolate, "promote": cmd_promote}


def main(argv=None):
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser().parse_args(argv)
        if getattr(args, "strategy", None) == "multi_worker":
            from utils.distribute import make_strategy

            make_strategy("multi_worker")  # collective ops must be set up before TensorFlow's runtime starts
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
