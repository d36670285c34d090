# label: negative
# family: tkinter
# shape: event-binding
import tkinter as tk

root = tk.Tk()
entry = tk.Entry(root)
entry.pack()


def on_enter(event):
    print(entry.get())


entry.bind("<Return>", on_enter)
root.bind("<Escape>", lambda e: root.destroy())
root.mainloop()
