//! The page's entry point: mounts the [`App`](dossier::App) into `<body>`.

fn main() {
    yew::Renderer::<dossier::App>::new().render();
}
