"""GAN Zoo command line: list | train | generate | export.

    python main.py list
    python main.py train dcgan --dataset mnist --epochs 2 --out runs/dcgan
    python main.py generate dcgan_mnist --num 64 --seed 0 --out grid.png
    python main.py export dcgan_mnist --out exported/dcgan_mnist

User errors print one line (`error: ...`) and exit with status 2; set
GAN_ZOO_DEBUG=1 to see the traceback instead.
"""

import argparse
import os
import sys

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")  # hide TensorFlow's C++ start-up chatter


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
    train.add_argument("--verbose", default="auto", help="Keras verbosity: auto, 0, 1 or 2")

    generate = commands.add_parser("generate", help="sample images from a preset or run folder")
    generate.add_argument("preset", help="preset name or preset folder (a run's preset/)")
    generate.add_argument("--num", type=int, default=64)
    generate.add_argument("--seed", type=int, default=0)
    generate.add_argument("--out", required=True, help=".png grid or .npz with uint8 images")

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
          overwrite=args.overwrite, command="python main.py " + " ".join(argv), verbose=verbose)
    print(f"run written to {args.out} (preset: {os.path.join(args.out, 'preset')})")


def cmd_generate(args):
    from models import load_preset
    from utils.images import save_images

    if args.num < 1:
        raise UserError("--num must be at least 1")
    if os.path.splitext(args.out)[1].lower() not in (".png", ".npz"):
        raise UserError(f"unsupported output {args.out!r}: use a .png or .npz file name")
    model = load_preset(resolve_model_source(args.preset))
    images = model.generate(args.num, seed=args.seed)
    save_images(images, args.out, columns=model.grid_columns())
    print(f"wrote {args.num} images to {args.out}")


def cmd_export(args):
    from models import load_preset

    model = load_preset(resolve_model_source(args.preset), load_discriminator=False)
    model.export(args.out)
    print(f"SavedModel written to {args.out} (signature 'serve')")


COMMANDS = {"list": cmd_list, "generate": cmd_generate, "export": cmd_export}


def main(argv=None):
    try:
        argv = sys.argv[1:] if argv is None else list(argv)
        args = build_parser().parse_args(argv)
        if args.command == "train":
            cmd_train(args, argv)
        else:
            COMMANDS[args.command](args)
    except (UserError, ValueError, FileNotFoundError, FileExistsError, KeyboardInterrupt) as error:
        if os.environ.get("GAN_ZOO_DEBUG"):
            raise
        message = str(error).splitlines()[0] if str(error) else type(error).__name__
        print(f"error: {message}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
