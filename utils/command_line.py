"""The command line's grammar: every command, flag and help text of main.py, and its one-line error."""

import argparse
import shlex


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


def shell_command(program, args):
    """The command line as a shell would rerun it: `program` then each argument quoted where it must be
    (`'g_filters=[128,64,32]'` keeps its quotes, so zsh and a glob match cannot change it)."""
    return " ".join([program, *map(shlex.quote, map(str, args))])


class Parser(argparse.ArgumentParser):
    def error(self, message):
        # self.prog is "main.py" for the top level and "main.py train" for a sub-command.
        raise UserError(f"{message}; see python {self.prog} --help")


def build_parser():
    parser = Parser(prog="main.py", description="GAN Zoo: train, sample, export GANs.")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=Parser)

    commands.add_parser("list", help="list models and presets")

    train = commands.add_parser("train", help="train a model with fit")
    train.add_argument("model", nargs="?", help="model name (see list); with --resume, optional: the run's own")
    train.add_argument("--dataset", help="dataset name (default mnist; a resumed run: its own)")
    train.add_argument("--data-dir", help="folder with the dataset's files (MNIST: the four IDX .gz files; "
                       "images: any folder of images)")
    train.add_argument("--image-size", type=int, help="--dataset images: square side to resize to (default 64)")
    train.add_argument("--channels", type=int, choices=[1, 3], help="--dataset images: 1 or 3 (default 3)")
    train.add_argument("--labels-from-folders", action="store_true",
                       help="--dataset images: each sub-folder is a class (for cgan)")
    train.add_argument("--skip-bad-images", action="store_true",
                       help="--dataset images: skip unreadable files instead of stopping")
    train.add_argument("--epochs", type=int, default=1)
    train.add_argument("--out", required=True, help="run folder")
    train.add_argument("--resume", action="store_true",
                       help="continue the run in --out from its checkpoint, with its hyperparameters (but "
                            "--hparams lr_decay_epochs=N on a constant-rate run, a decay that starts at or after its "
                            "next epoch)")
    train.add_argument("--overwrite", action="store_true", help="replace an existing run in --out")
    train.add_argument("--init-generator", metavar="PRESET",
                       help="start from this preset's generator (same family and architecture; a preset name, "
                            "preset or run folder), e.g. ESRGAN's GAN phase from its PSNR-oriented phase")
    train.add_argument("--steps-per-epoch", type=int, help="steps per epoch (the data repeats)")
    train.add_argument("--batch-size", type=int)
    train.add_argument("--latent-dim", type=int)
    train.add_argument("--lr", type=float, help="learning rate of both networks")
    train.add_argument("--seed", type=int)
    train.add_argument("--loss", help="adversarial objective (GANLoss kind)")
    train.add_argument("--hparams", nargs="*", default=[], metavar="KEY=VALUE", help="any hyperparameter")
    train.add_argument("--fid-every", type=int, metavar="N",
                       help="log fid2k/kid2k (MNIST classifier features) every N epochs; 0: off (default; a resumed "
                            "run: its own)")
    train.add_argument("--verbose", default="auto", choices=["auto", "0", "1", "2"], help="Keras verbosity")
    train.add_argument("--precision", choices=["auto", "float32", "mixed_bfloat16", "mixed_float16"],
                       help="dtype policy (default auto; a resumed run: its own); auto: mixed_float16 on a GPU "
                            "with tensor cores, mixed_bfloat16 on a CPU with native bfloat16, else float32")
    train.add_argument("--jit-compile", choices=["auto", "on", "off"], help="XLA (default auto: on a GPU only)")
    train.add_argument("--strategy", choices=["auto", "one_device", "mirrored", "multi_worker", "tpu"],
                       help="tf.distribute strategy (default auto); multi_worker reads TF_CONFIG")

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

    translate = commands.add_parser("translate", help="image-to-image: translate a file or a folder of images")
    translate.add_argument("preset", help="image-to-image preset name or folder (e.g. pix2pix_facades)")
    translate.add_argument("--input", required=True, help="an image file, or a folder of images")
    translate.add_argument("--out", required=True, help="a .png file for a file in; a folder for a folder in")
    translate.add_argument("--seed", type=int, default=0, help="seed of the sampling-time dropout noise")
    translate.add_argument("--no-dropout", action="store_true",
                           help="turn the paper's sampling-time dropout off: deterministic output")

    upscale = commands.add_parser("upscale", help="super-resolution: upscale a file or a folder of images x4")
    upscale.add_argument("preset", help="SR preset name or folder (e.g. srresnet_x4)")
    upscale.add_argument("--input", required=True, help="an image file, or a folder of images (any size)")
    upscale.add_argument("--out", required=True, help="a .png file for a file in; a folder for a folder in")

    interpolate = commands.add_parser("interpolate", help="blend two presets' generators (ESRGAN's network "
                                      "interpolation): (1 - alpha) * A + alpha * B")
    interpolate.add_argument("preset_a", help="e.g. the PSNR-oriented preset")
    interpolate.add_argument("preset_b", help="e.g. the GAN-trained preset, same architecture")
    interpolate.add_argument("--alpha", type=float, required=True, help="weight of B, in [0, 1]")
    interpolate.add_argument("--out", required=True, help="the new preset folder (must not exist)")

    evaluate = commands.add_parser("evaluate", help="FID, KID, IS, precision/recall of a generator")
    evaluate.add_argument("preset", help="preset name, preset or run folder; 'real' (MNIST train images) "
                          "or 'noise' (uniform noise) for reference values")
    evaluate.add_argument("--metrics", default="fid,kid,is,pr,classes",
                          help="comma-separated: fid,kid,is,pr,classes (class shares), cond")
    evaluate.add_argument("--num", type=int, default=10000, help="generated samples (metric names carry it)")
    evaluate.add_argument("--seed", type=int, default=0)
    evaluate.add_argument("--reference", default="test", choices=["test", "train"], help="real split")
    evaluate.add_argument("--dataset", help="real images: mnist (default), mnist_sample (bundled); image-to-image "
                          "presets: facades (default) or paired with --data-dir")
    evaluate.add_argument("--data-dir", help="folder with the MNIST IDX .gz files")
    evaluate.add_argument("--feature-network", choices=["mnist", "cifar10", "inception"],
                          help="default: cifar10 for --dataset cifar10, else mnist (the project classifiers)")
    evaluate.add_argument("--feature-weights", "--inception-weights", dest="inception_weights",
                          help="local InceptionV3 ImageNet .h5 file (offline use)")
    evaluate.add_argument("--json-out", help="also write the JSON result to this file")
    evaluate.add_argument("--write-metadata", action="store_true",
                          help="record the numbers in the preset's metadata.json and model card")

    promote = commands.add_parser("promote", help="ship a finished run's preset as a named preset "
                                  "(pretrained_models/NAME); measure it next with evaluate --write-metadata")
    promote.add_argument("run", help="run folder (its preset/) or preset folder")
    promote.add_argument("name", help="a preset name listed in pretrained_models/__init__.py, e.g. dcgan_mnist")
    promote.add_argument("--hardware", help="where and how it trained, for the card (e.g. alone on both cores)")
    promote.add_argument("--notes", help="the recipe and what it scored before, for the card")

    export = commands.add_parser("export", help="write a TensorFlow SavedModel of a generator")
    export.add_argument("preset", help="preset name or preset folder")
    export.add_argument("--out", required=True, help="SavedModel folder (must not exist)")
    return parser
